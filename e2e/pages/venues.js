// The venue scenarios of e2e/browser-venues.test.ts, as a classic script shared by the script-tag pages and the
// ES module page. `runVenueScenario(venue, api)` takes the functions from wherever the page got them (the
// `ZenWebsocket` global and its add-ons, or the one-file ES module) and puts its report on `window.__venues`.
// `?nosubtle` hides WebCrypto's `crypto.subtle`, as on a plain-http page, to force the `@noble` fallback.
(() => {
  const params = new URLSearchParams(location.search);
  if (params.has('nosubtle')) {
    Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined, configurable: true });
  }

  const report = (value) => {
    window.__venues = value;
  };
  const failure = (error) => ({
    ok: false,
    name: error?.name,
    message: String(error?.message ?? error),
  });

  // Deribit: authenticate (client_signature over HMAC-SHA256), place a market order through a rate limiter,
  // see a venue error arrive as core's own RpcError class, and connect a pool member with core's connect.
  async function deribit(api) {
    const limiter = api.createRateLimiter(api.deribitLimits());
    const client = await api.createDeribitClient({
      url: params.get('url'),
      clientId: params.get('id'),
      clientSecret: params.get('secret'),
      limiter,
    });
    try {
      const { order } = await client.buy({ instrument_name: 'BTC-PERPETUAL', amount: 10, type: 'market' });
      let venueError;
      try {
        await client.buy({ instrument_name: 'NO-SUCH-INSTRUMENT', amount: 10, type: 'market' });
      } catch (error) {
        venueError = {
          name: error.name,
          isCoreRpcError: error instanceof api.RpcError,
          isCoreZenError: error instanceof api.ZenError,
        };
      }
      const pool = api.createClientPool({ connect: api.connect });
      await pool.startClient(params.get('url'));
      const poolClients = pool.listClients().length;
      await pool.close();
      return {
        ok: true,
        orderId: order.order_id,
        orderState: order.order_state,
        limiterCapacity: limiter.status().capacity,
        venueError,
        poolClients,
      };
    } finally {
      await client.close();
      limiter.close();
    }
  }

  // Binance: a combined market stream through the page's own WebSocket (no socketFactory).
  async function binance(api) {
    const streams = api.createBinanceStreams({ baseUrl: params.get('url') });
    try {
      const trades = [];
      await new Promise((resolve, reject) => {
        streams
          .subscribe('btcusdt@trade', (trade) => {
            trades.push({ e: trade.e, s: trade.s, p: trade.p, q: trade.q, t: trade.t });
            if (trades.length === 3) resolve();
          })
          .catch(reject);
      });
      return { ok: true, trades };
    } finally {
      await streams.close();
    }
  }

  const scenarios = { deribit, binance };
  window.runVenueScenario = (venue, api) => {
    Promise.resolve()
      .then(() => scenarios[venue](api))
      .then(report, (error) => report(failure(error)));
  };
  window.reportVenueFailure = (error) => report(failure(error));
})();
