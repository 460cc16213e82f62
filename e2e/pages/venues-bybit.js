// The Bybit scenario of e2e/browser-bybit.test.ts (script-tag add-on, and the one-file ES module put on the same
// global by venues-bybit-esm.html): `ZenWebsocket.bybit.createBybitClient` with the page's own
// WebSocket (no socketFactory) against the simulator named by `?url=` and its keys `?key=`/`?secret=`. It streams
// three public trades, places a market order over the trade API, waits for the private `order` update that says
// it filled, reads the top of a LocalBook, and puts its report on `window.__venues`.
(async () => {
  const params = new URLSearchParams(location.search);
  const Z = window.ZenWebsocket;
  let client;
  try {
    client = await Z.bybit.createBybitClient({
      url: params.get('url'),
      apiKey: params.get('key'),
      apiSecret: params.get('secret'),
    });
    const trades = [];
    const threeTrades = new Promise((resolve) => {
      client.subscribe('publicTrade.BTCUSDT', (list) => {
        for (const t of list) if (trades.length < 3) trades.push({ s: t.s, S: t.S, p: t.p, v: t.v });
        if (trades.length === 3) resolve();
      });
    });
    await threeTrades;
    const updates = [];
    let wake = () => {};
    await client.subscribe('order', (list) => {
      updates.push(...list);
      wake();
    });
    const order = await client.createOrder({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', qty: '0.01' });
    const filled = await new Promise((resolve) => {
      const check = () => {
        const found = updates.find((u) => u.orderId === order.orderId && u.orderStatus === 'Filled');
        if (found) resolve(found);
      };
      wake = check;
      check();
    });
    let venueError;
    try {
      await client.createOrder({ symbol: 'NOSUCHSYMBOL', side: 'Buy', orderType: 'Market', qty: '0.01' });
    } catch (error) {
      venueError = { name: error.name, isCoreZenError: error instanceof Z.ZenError };
    }
    const book = client.orderBook('BTCUSDT', { depth: 50 });
    await book.synced();
    const { bid, ask } = book.best();
    window.__venues = {
      ok: true,
      trades,
      orderId: order.orderId,
      filled: filled.orderStatus,
      venueError,
      bid: bid?.[0],
      ask: ask?.[0],
    };
  } catch (error) {
    window.__venues = { ok: false, name: error?.name, message: String(error?.message ?? error) };
  } finally {
    await client?.close();
  }
})();
