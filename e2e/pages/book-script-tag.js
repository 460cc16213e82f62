// The order-book scenario of e2e/browser-book.test.ts: a Binance book (snapshot over the WebSocket API, so no
// CORS) and a Deribit book, both through the page's own WebSocket, from the script-tag add-ons. The report
// (top levels and ids) goes to `window.__book`; the test compares it with the simulators' own books.
(() => {
  const params = new URLSearchParams(location.search);
  const Z = window.ZenWebsocket;
  const top = (book) => ({ state: book.state, id: book.lastUpdateId, bids: book.bids(5), asks: book.asks(5) });

  async function run() {
    const streams = Z.binance.createBinanceStreams({ baseUrl: params.get('binanceStreams') });
    const api = await Z.binance.createBinanceApi({ url: params.get('binanceApi') });
    const deribit = await Z.deribit.createDeribitClient({ url: params.get('deribit') });
    try {
      const binanceBook = streams.orderBook('BTCUSDT', { depth: 100, api });
      const deribitBook = deribit.orderBook('BTC-PERPETUAL');
      await Promise.all([binanceBook.synced(), deribitBook.synced()]);
      // a few more diffs on the Binance book, read inside an update so the id and the levels belong together
      const binance = await new Promise((resolve) => {
        let n = 0;
        const off = binanceBook.on('update', () => {
          if (++n < 5 || binanceBook.state !== 'synced') return;
          off();
          resolve(top(binanceBook));
        });
      });
      return { ok: true, binance, deribit: top(deribitBook), engine: typeof Z.book?.BookEngine };
    } finally {
      await streams.close();
      await api.close();
      await deribit.close();
    }
  }

  run().then(
    (value) => {
      window.__book = value;
    },
    (error) => {
      window.__book = { ok: false, message: String(error?.message ?? error) };
    },
  );
})();
