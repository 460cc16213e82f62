// One starter per venue: connects the SDK's venue client to the simulator named in config.json, opens its
// LocalBook and trades, and returns what the page paints and drives: { book, metrics(), order(side, qty),
// close() }. `setState`, `logEvent`, `addTrade` and `sinkFor` are the page's hooks.
import { amount, money } from './format.js';

/** A limiter's status as the connection panel shows it. */
const limiterText = (s) => ({
  level: s.pressureLevel,
  text: `${s.pressureLevel} · ${Math.round(100 * (1 - s.tokens / s.capacity))} %${s.queueSize ? ` · ${s.queueSize} queued` : ''}`,
});

/** The venue starters, by id. */
export const starters = {
  async deribit({ sdk, config, setState, logEvent, addTrade, sinkFor }) {
    const c = config.deribit;
    const limiter = sdk.createRateLimiter(sdk.deribitLimits());
    const recordTo = sinkFor('deribit');
    const client = await sdk.createDeribitClient({
      url: c.url,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      heartbeatInterval: c.heartbeatSeconds,
      limiter,
      retryCount: Number.POSITIVE_INFINITY,
      retryDelay: 250,
      maxBackoff: 3000,
      ...(recordTo ? { recordTo } : {}),
    });
    client.on('state', ({ to, reason }) => setState('deribit', to, reason));
    client.on('error', (e) => logEvent('deribit', `error: ${e.message}`, 'warn'));
    setState('deribit', client.getState(), 'open');
    const book = client.orderBook('BTC-PERPETUAL');
    await client.subscribe('trades.BTC-PERPETUAL.100ms', (list) => {
      for (const t of list) addTrade('deribit', t.timestamp, t.direction, t.price, t.amount);
    });
    const probe = setInterval(() => client.getTime().catch(() => undefined), 1000);
    return {
      book,
      metrics: () => ({
        latency: client.getLatencyStats(),
        heartbeat: client.getHeartbeatHealth(),
        offset: client.getClockOffset(),
        limiter: limiterText(limiter.status()),
      }),
      async order(side, qty) {
        const reply = await client[side]({ instrument_name: 'BTC-PERPETUAL', amount: qty, type: 'market' });
        const o = reply.order;
        return o.order_state === 'filled'
          ? {
              outcome: 'filled',
              text: `filled ${amount('deribit', o.filled_amount)} USD @ ${money('deribit', o.average_price)} USD`,
            }
          : {
              outcome: o.order_state,
              text: `${o.order_state}: ${amount('deribit', o.filled_amount)} of ${amount('deribit', o.amount)} USD filled`,
            };
      },
      async close() {
        clearInterval(probe);
        await client.close();
      },
    };
  },
  async binance({ sdk, config, setState, logEvent, addTrade }) {
    const c = config.binance;
    const heartbeat = { interval: c.heartbeatMs, timeout: c.heartbeatMs };
    const connect = { retryCount: Number.POSITIVE_INFINITY, retryDelay: 250, maxBackoff: 3000 };
    const streams = sdk.createBinanceStreams({ baseUrl: c.streamUrl, heartbeat, connect });
    streams.on('state', ({ to, reason }) => setState('binance', to, reason));
    const api = await sdk.createBinanceApi({
      url: c.apiUrl,
      apiKey: c.apiKey,
      secretKey: c.secretKey,
      heartbeat,
      connect,
    });
    streams.on('error', (e) => logEvent('binance', `error: ${e.message}`, 'warn'));
    api.on('error', (e) => logEvent('binance', `API error: ${e.message}`, 'warn'));
    const book = streams.orderBook('BTCUSDT', { depth: 100, api });
    await streams.subscribe('btcusdt@trade', (t) =>
      addTrade('binance', t.T, t.m ? 'sell' : 'buy', Number(t.p), Number(t.q)),
    );
    setState('binance', streams.connections()[0]?.state ?? 'connecting', 'open');
    const probe = setInterval(() => api.time().catch(() => undefined), 1000);
    return {
      book,
      streams,
      api,
      metrics: () => {
        const queued = streams.connections().reduce((n, s) => n + s.queued, 0);
        return {
          latency: api.client.getLatencyStats(),
          heartbeat: api.client.getHeartbeatHealth(),
          offset: api.clockOffset,
          limiter: { level: queued > 0 ? 'high' : 'low', text: `${queued} queued` },
        };
      },
      async order(side, qty) {
        const r = await api.orderPlace({
          symbol: 'BTCUSDT',
          side: side.toUpperCase(),
          type: 'MARKET',
          quantity: String(qty),
        });
        const filled = Number(r.executedQty);
        const avg = filled > 0 ? Number(r.cummulativeQuoteQty) / filled : Number.NaN;
        return r.status === 'FILLED'
          ? { outcome: 'filled', text: `filled ${amount('binance', filled)} BTC @ ${money('binance', avg)} USDT` }
          : { outcome: String(r.status).toLowerCase(), text: `${r.status}: ${amount('binance', filled)} BTC filled` };
      },
      async close() {
        clearInterval(probe);
        await Promise.all([streams.close(), api.close()]);
      },
    };
  },
  async bybit({ sdk, config, setState, logEvent, addTrade }) {
    if (!sdk.createBybitClient) {
      throw Object.assign(new Error('this build of zen-websocket has no createBybitClient'), {
        unavailable: true,
      });
    }
    const c = config.bybit;
    const limiter = sdk.createRateLimiter(sdk.bybitLimits(10));
    const client = await sdk.createBybitClient({
      url: c.url,
      apiKey: c.apiKey,
      apiSecret: c.apiSecret,
      pingInterval: c.heartbeatMs,
      limiter,
      retryCount: Number.POSITIVE_INFINITY,
      retryDelay: 250,
      maxBackoff: 3000,
    });
    client.public.on('state', ({ to, reason }) => setState('bybit', to, reason));
    client.on('error', (e) => logEvent('bybit', `error: ${e.message}`, 'warn'));
    setState('bybit', client.public.getState(), 'open');
    const book = client.orderBook('BTCUSDT', { depth: 50 });
    const fills = new Map(); // orderId → waiting order
    const latest = new Map(); // orderId → last update (it may come before the trade reply)
    await client.subscribe('publicTrade.BTCUSDT', (list) => {
      for (const t of list) addTrade('bybit', t.T, t.S === 'Buy' ? 'buy' : 'sell', Number(t.p), Number(t.v));
    });
    await client.subscribe('order', (list) => {
      for (const u of list) {
        latest.set(u.orderId, u);
        if (latest.size > 200) latest.delete(latest.keys().next().value);
        fills.get(u.orderId)?.(u);
      }
    });
    return {
      book,
      metrics: () => ({
        // Bybit has no request to time but orders (trade) and subscribes (public): show what the SDK measured
        latency: client.trade?.getLatencyStats() ?? client.public.getLatencyStats(),
        heartbeat: client.public.getHeartbeatHealth(),
        offset: undefined,
        limiter: limiterText(limiter.status()),
      }),
      async order(side, qty) {
        let settle = () => {};
        const update = new Promise((resolve) => {
          settle = resolve;
        });
        const { orderId } = await client.createOrder({
          symbol: 'BTCUSDT',
          side: side === 'buy' ? 'Buy' : 'Sell',
          orderType: 'Market',
          qty: String(qty),
        });
        const check = (u) => (u.orderStatus === 'Filled' || u.orderStatus === 'Cancelled') && settle(u);
        fills.set(orderId, check);
        if (latest.has(orderId)) check(latest.get(orderId));
        const timeout = new Promise((resolve) => setTimeout(() => resolve(undefined), 5000));
        const u = await Promise.race([update, timeout]);
        fills.delete(orderId);
        if (!u) return { outcome: 'accepted', text: `accepted as ${orderId}; no fill seen within 5 s` };
        return u.orderStatus === 'Filled'
          ? {
              outcome: 'filled',
              text: `filled ${u.cumExecQty} BTC @ ${money('bybit', Number(u.avgPrice || u.price))} USDT`,
            }
          : { outcome: 'rejected', text: `${u.orderStatus}` };
      },
      async close() {
        await client.close();
      },
    };
  },
};
