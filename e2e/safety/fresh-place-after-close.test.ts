// Found by the fresh-install review (e2e/packaging/safety-fresh.test.ts): once the client is closed or has given
// up, a trading session's place() must be refused at once (not_connected, sent: false), on every venue. It used
// to wait the whole readyTimeoutMs and reject with request_timeout "not ready to trade".

import { createBinanceApi } from '@zen-websocket/binance';
import { tradingSession as binanceSession } from '@zen-websocket/binance/safety';
import { createBybitClient } from '@zen-websocket/bybit';
import { tradingSession as bybitSession } from '@zen-websocket/bybit/safety';
import { createDeribitClient } from '@zen-websocket/deribit';
import { tradingSession as deribitSession } from '@zen-websocket/deribit/safety';
import { startBinanceSimulator, startBybitSimulator, startDeribitSimulator } from '@zen-websocket/testing';
import { expect, it } from 'vitest';
import { nodeSocketFactory as socketFactory } from 'zen-websocket';

// Far longer than the test's timeout: a place() that waits for readiness fails the test by timing out.
const readyTimeoutMs = 600_000;
const refused = { name: 'RequestError', code: 'not_connected', sent: false };

it('Deribit: place() after client.close() is refused at once', async () => {
  const sim = await startDeribitSimulator({ feedIntervalMs: 0 });
  const client = await createDeribitClient({ url: sim.url, ...sim.credentials, socketFactory });
  const session = await deribitSession(client, { readyTimeoutMs });
  await client.close();
  const order = { symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 1000 } as const;
  await expect(session.place(order)).rejects.toMatchObject(refused);
  expect(sim.requests('private/buy')).toHaveLength(0);
  session.close();
  await sim.stop();
});

it('Binance: place() after api.close() is refused at once', async () => {
  const sim = await startBinanceSimulator({ feedIntervalMs: 0, accounts: [{ apiKey: 'k', secretKey: 's' }] });
  const api = await createBinanceApi({ url: sim.apiUrl, apiKey: 'k', secretKey: 's', socketFactory });
  const session = await binanceSession(api, { readyTimeoutMs });
  await api.close();
  const order = { symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.01, price: 1000 } as const;
  await expect(session.place(order)).rejects.toMatchObject(refused);
  expect(sim.orders()).toHaveLength(0);
  session.close();
  await sim.stop();
});

it('Bybit: place() after client.close() is refused at once', async () => {
  const sim = await startBybitSimulator({ feedIntervalMs: 0 });
  const keys = { apiKey: 'sim-key', apiSecret: 'sim-secret' };
  const client = await createBybitClient({ url: sim.url, ...keys, socketFactory });
  const session = await bybitSession(client, { ...keys, restUrl: sim.restUrl, readyTimeoutMs });
  await client.close();
  const order = { symbol: 'BTCUSDT', side: 'buy', type: 'limit', amount: 0.01, price: 1000 } as const;
  await expect(session.place(order)).rejects.toMatchObject(refused);
  expect(sim.orders()).toHaveLength(0);
  session.close();
  await sim.stop();
});

it('a place() waiting for readiness is refused when the client gives up (not after readyTimeoutMs)', async () => {
  const sim = await startDeribitSimulator({ feedIntervalMs: 0 });
  const client = await createDeribitClient({
    url: sim.url,
    ...sim.credentials,
    socketFactory,
    retryCount: 2,
    retryDelay: 50,
    firstRetrySpread: 0,
  });
  const session = await deribitSession(client, { readyTimeoutMs });
  const notReady = new Promise<void>((resolve) => session.on('ready', (e) => e.readyToTrade || resolve()));
  sim.reject(503); // every reconnect attempt fails: the client gives up
  await sim.drop('abnormal');
  await notReady;
  const order = { symbol: 'BTC-PERPETUAL', side: 'buy', type: 'limit', amount: 10, price: 1000 } as const;
  await expect(session.place(order)).rejects.toMatchObject(refused);
  expect(sim.requests('private/buy')).toHaveLength(0);
  session.close();
  await client.close();
  await sim.stop();
});
