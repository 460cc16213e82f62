// A trading bot as its own process, for e2e/safety/kill.test.ts: it connects to a venue simulator through the
// BUILT packages, starts a trading session (which arms the venue's dead-man's switch), rests one order far
// from the market, prints `PLACED <clientOrderId>` and then does nothing: the test kills it with SIGKILL.
// Usage: node e2e/safety/bot.mjs deribit <ws url> <clientId> <clientSecret>
//        node e2e/safety/bot.mjs bybit <ws base url> <apiKey> <apiSecret> <dcpWindowMs>
import { createBybitClient } from '@zen-websocket/bybit';
import { createDeribitClient } from '@zen-websocket/deribit';
import { nodeSocketFactory as socketFactory } from 'zen-websocket';

const [venue, url, key, secret, windowMs] = process.argv.slice(2);

async function start() {
  if (venue === 'deribit') {
    const { tradingSession } = await import('@zen-websocket/deribit/safety');
    const client = await createDeribitClient({ url, socketFactory, clientId: key, clientSecret: secret });
    const session = await tradingSession(client);
    return session.place({ symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 30_000 });
  }
  const { tradingSession } = await import('@zen-websocket/bybit/safety');
  const client = await createBybitClient({ url, socketFactory, apiKey: key, apiSecret: secret });
  const session = await tradingSession(client, { apiKey: key, apiSecret: secret, dcpWindowMs: Number(windowMs) });
  return session.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.001, price: 30_000 });
}

start().then(
  (placed) => console.log(`PLACED ${placed.clientOrderId} ${placed.status}`),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
