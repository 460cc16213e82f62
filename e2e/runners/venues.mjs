// Venue runner for Deno and Bun: imports `zen-websocket/deribit` and `zen-websocket/binance` the way the README
// tells users to (Deno with `npm:`), passes NO socket factory, places an order on the local Deribit simulator and
// streams trades from the local Binance simulator. Prints one `VENUES_RESULTS <json>` line and never exits
// explicitly, so a timer or socket left behind shows up as a process that stays alive.
const isDeno = typeof globalThis.Deno !== 'undefined';
const env = (name) => (isDeno ? globalThis.Deno.env.get(name) : globalThis.process.env[name]);
const spec = (name) => (isDeno ? `npm:${name}` : name);

const result = { runtime: isDeno ? 'deno' : 'bun', steps: [] };
try {
  const { createDeribitClient } = await import(spec('zen-websocket/deribit'));
  const { createBinanceStreams } = await import(spec('zen-websocket/binance'));

  const deribit = await createDeribitClient({
    url: env('DERIBIT_URL'),
    clientId: env('DERIBIT_CLIENT_ID'),
    clientSecret: env('DERIBIT_CLIENT_SECRET'),
  });
  const { order } = await deribit.buy({
    instrument_name: 'BTC-PERPETUAL',
    amount: 10,
    type: 'market',
    label: 'venues-e2e',
  });
  result.steps.push({ step: 'deribit-buy', orderId: order.order_id, state: order.order_state });
  await deribit.close();

  const streams = createBinanceStreams({ baseUrl: env('BINANCE_STREAM_URL') });
  const trades = await new Promise((resolve, reject) => {
    const seen = [];
    streams
      .subscribe('btcusdt@trade', (t) => {
        seen.push(t.t);
        if (seen.length === 3) resolve(seen);
      })
      .catch(reject);
  });
  result.steps.push({ step: 'binance-trades', ids: trades });
  await streams.close();
} catch (error) {
  result.error = `${error?.name}: ${error?.message}`;
}
console.log(`VENUES_RESULTS ${JSON.stringify(result)}`);
