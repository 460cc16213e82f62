// Found by the fresh-install review: the issue-19 entry points that are not factories (so e2e/strict-options
// does not reach them) must treat bad input like the factories do. A misspelt option names the nearest valid
// one among that function's own options, and a wrong client is a TypeError naming the function, never a
// "Cannot read properties of undefined" from inside it.
import { createBinanceApi, createBinanceStreams } from '@zen-websocket/binance';
import { withBinanceFeeds } from '@zen-websocket/binance/feed';
import { tradingSession as binanceSession } from '@zen-websocket/binance/safety';
import { createBybitClient } from '@zen-websocket/bybit';
import { tradingSession as bybitSession } from '@zen-websocket/bybit/safety';
import { tradingSession as deribitSession } from '@zen-websocket/deribit/safety';
import { startBinanceSimulator, startBybitSimulator } from '@zen-websocket/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nodeSocketFactory as socketFactory } from 'zen-websocket';

let binance: Awaited<ReturnType<typeof startBinanceSimulator>>;
let bybit: Awaited<ReturnType<typeof startBybitSimulator>>;
beforeAll(async () => {
  binance = await startBinanceSimulator({ feedIntervalMs: 0 });
  bybit = await startBybitSimulator({ feedIntervalMs: 0 });
});
afterAll(async () => {
  await binance?.stop();
  await bybit?.stop();
});

it('Bybit tradingSession: a misspelt Bybit option names it (dcpWindow -> dcpWindowMs) and lists the Bybit options', async () => {
  const client = await createBybitClient({ url: bybit.url, socketFactory, paper: true });
  try {
    const typo = { dcpWindow: 10_000 } as unknown as Parameters<typeof bybitSession>[1];
    await expect(bybitSession(client, typo)).rejects.toThrow(TypeError);
    await expect(bybitSession(client, typo)).rejects.toThrow(/did you mean "dcpWindowMs"/);
    await expect(bybitSession(client, typo)).rejects.toThrow(/restUrl/);
  } finally {
    await client.close();
  }
});

it('withBinanceFeeds: a misspelt option names timeSource and lists every option it takes', async () => {
  const streams = createBinanceStreams({ baseUrl: binance.streamUrl, socketFactory });
  const api = await createBinanceApi({ url: binance.apiUrl, socketFactory });
  try {
    const typo = { timesource: api } as unknown as Parameters<typeof withBinanceFeeds>[1];
    expect(() => withBinanceFeeds(streams, typo)).toThrow(TypeError);
    expect(() => withBinanceFeeds(streams, typo)).toThrow(/did you mean "timeSource"/);
    expect(() => withBinanceFeeds(streams, typo)).toThrow(/timeRefreshMs/);
  } finally {
    await streams.close();
    await api.close();
  }
});

it('tradingSession without a client, or with the wrong client, is a TypeError that names tradingSession', async () => {
  const streams = createBinanceStreams({ baseUrl: binance.streamUrl, socketFactory });
  try {
    const wrong = streams as unknown as Parameters<typeof binanceSession>[0];
    await expect(binanceSession(wrong)).rejects.toThrow(/^tradingSession/);
    await expect(deribitSession(null as never)).rejects.toThrow(/^tradingSession/);
    await expect(deribitSession(null as never)).rejects.toThrow(TypeError);
    await expect(bybitSession(undefined as never, {} as never)).rejects.toThrow(/^tradingSession/);
  } finally {
    await streams.close();
  }
});
