// Control frames on a Binance stream connection go out evenly spaced, never as a burst: Binance counts frames when
// they arrive, so a burst read late could land beside the next one inside one second and be closed with 1008.
import { createBinanceStreams } from '@zen-websocket/binance';
import type { SocketFactory } from '@zen-websocket/core';
import { startBinanceSimulator, wsSocketFactory } from '@zen-websocket/testing';
import { expect, it } from 'vitest';

/** `wsSocketFactory`, recording when each text frame is handed to the socket (ms, performance.now()). */
function stamping(stamps: number[]): SocketFactory {
  const factory = ((url: string, options: unknown) => {
    const socket = (wsSocketFactory as (u: string, o: unknown) => { send(data: unknown): void })(url, options);
    const send = socket.send.bind(socket);
    socket.send = (data: unknown) => {
      if (typeof data === 'string' && data.includes('"SUBSCRIBE"')) stamps.push(performance.now());
      send(data);
    };
    return socket;
  }) as unknown as SocketFactory;
  return Object.assign(factory, { capabilities: (wsSocketFactory as { capabilities?: unknown }).capabilities });
}

it('spreads SUBSCRIBE frames one per windowMs / messages (275 ms by default), never a burst', async () => {
  const sim = await startBinanceSimulator({ feedInterval: 0, pingInterval: 0 });
  const stamps: number[] = [];
  const streams = createBinanceStreams({
    baseUrl: sim.streamUrl,
    socketFactory: stamping(stamps),
    limit: { batch: 1 },
  });
  try {
    await streams.subscribe('btcusdt@trade');
    await sim.waitForConnection('stream');
    const names = ['a', 'b', 'c', 'd', 'e', 'f'].map((s) => `${s}usdt@trade`);
    await Promise.all(names.map((s) => streams.subscribe(s)));
    expect(stamps).toHaveLength(6);
    const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] as number));
    // The limiter releases a frame no sooner than 275 ms after the last: wall time can only add to a gap.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(270);
    expect(sim.closes.filter((c) => c.code === 1008)).toEqual([]);
  } finally {
    await streams.close();
    await sim.stop();
  }
});
