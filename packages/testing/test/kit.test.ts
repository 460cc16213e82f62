/**
 * The shared verbs of the server kit, one contract suite run against the mock server, the Deribit and the
 * Binance simulator: reject, drop, stall/resume, inject, stop, strict options, and the deprecated names.
 */

import { nearestName } from '@zen-websocket/core/internal';
import {
  startBinanceSimulator,
  startDeribitSimulator,
  startMockServer,
  startReplayServer,
} from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

/** What the suite needs from a server: its verbs and where a client connects. */
interface Subject {
  url: string;
  port: number;
  reject(status: number | null): void;
  drop(code?: number | 'abnormal', reason?: string): Promise<void>;
  stall(scope?: 'all' | 'open'): void;
  resume(): void;
  inject(message: string | object): number;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const factories: Array<[string, () => Promise<Subject>]> = [
  ['mock server', async () => startMockServer()],
  ['Deribit simulator', async () => startDeribitSimulator({ feedIntervalMs: 0 })],
  [
    'Binance simulator',
    async () => {
      const sim = await startBinanceSimulator({ feedIntervalMs: 0, pingIntervalMs: 0 });
      return Object.assign(sim, { url: `${sim.streamUrl}/ws` });
    },
  ],
];

const subjects: Subject[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(subjects.splice(0).map((s) => s.stop()));
});

/** Opens a client; resolves with it once open, or with the HTTP status the upgrade got. */
function connect(url: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1)); // nothing listening
  });
}
const opened = async (url: string): Promise<WebSocket> => {
  const ws = await connect(url);
  if (typeof ws === 'number') throw new Error(`upgrade refused with ${ws}`);
  return ws;
};
const closeOf = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
const pongOrClose = (ws: WebSocket) =>
  new Promise<string>((resolve) => {
    ws.once('pong', () => resolve('pong'));
    ws.once('close', () => resolve('closed'));
  });

describe.each(factories)('shared verbs: %s', (_name, start) => {
  const begin = async (): Promise<Subject> => {
    const s = await start();
    subjects.push(s);
    return s;
  };

  it('listens on 127.0.0.1, refuses upgrades after reject(status) and accepts again after reject(null)', async () => {
    const s = await begin();
    expect(s.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    s.reject(503);
    expect(await connect(s.url)).toBe(503);
    s.reject(null);
    expect(await connect(s.url)).toBeInstanceOf(WebSocket);
    expect(() => s.reject(200)).toThrow(RangeError);
  });

  it("drops with a close code or 'abnormal' (the default)", async () => {
    const s = await begin();
    const a = await opened(s.url);
    const closedA = closeOf(a);
    await s.drop(4001, 'bye');
    expect(await closedA).toBe(4001);
    const b = await opened(s.url);
    const closedB = closeOf(b);
    await s.drop();
    expect(await closedB).toBe(1006);
    await expect(s.drop(1006)).rejects.toThrow(RangeError);
  });

  it("stalls ('all': new connections too; 'open': only those open now) and resumes", async () => {
    const s = await begin();
    const ws = await opened(s.url);
    s.stall('all');
    await opened(s.url);
    expect(s.inject('x')).toBe(0); // nothing goes out, on the old or the new connection
    s.resume();
    const pong = pongOrClose(ws);
    ws.ping();
    expect(await pong).toBe('pong');
    expect(s.inject('x')).toBe(2);
    s.stall('open');
    await opened(s.url);
    expect(s.inject('x')).toBe(1); // only the connection opened after the stall
    s.resume();
  });

  it('injects a frame to every open connection', async () => {
    const s = await begin();
    const ws = await opened(s.url);
    const got = new Promise<string>((resolve) => ws.on('message', (d) => resolve(String(d))));
    // The Binance stream endpoint and Deribit send nothing unasked; the mock server greets nobody.
    expect(s.inject({ hello: 1 })).toBe(1);
    expect(JSON.parse(await got)).toEqual({ hello: 1 });
  });

  it('stops idempotently, and await using stops too', async () => {
    const s = await start();
    {
      await using _scoped = s;
    }
    await s.stop();
    expect(await connect(s.url)).toBe(-1);
  });
});

describe('strict options', () => {
  it('refuses unknown option keys with the nearest valid name and the list of valid ones', async () => {
    const cases: Array<[() => Promise<unknown>, RegExp]> = [
      [
        () => startMockServer({ maxMessage: 5 } as never),
        /startMockServer: unknown option "maxMessage" \(did you mean "maxMessages"\?\)\. Valid options: handler, rpc/,
      ],
      [
        () => startDeribitSimulator({ feedInterval: 0 } as never),
        /did you mean "feedIntervalMs"\?.*Valid options: port, accounts/,
      ],
      [
        () => startBinanceSimulator({ feedIntervall: 0 } as never),
        /did you mean "feedIntervalMs"\?.*Valid options: port, symbols/,
      ],
      [
        () => startReplayServer([], { paces: 1 } as never),
        /startReplayServer: unknown option "paces" \(did you mean "pace"\?\)/,
      ],
      [() => startBinanceSimulator({ zzz: 1 } as never), /unknown option "zzz"\. Valid options/],
    ];
    for (const [run, message] of cases) await expect(run()).rejects.toThrow(message);
  });

  it("suggests by core's nearestName (one algorithm for every factory) and lists no deprecated name", async () => {
    // core gives no guess for a short shared start ('feedInt'), whatever the factory; case, '_' and '-' are ignored
    const cases: Array<[string, string | undefined]> = [
      ['feedInt', undefined],
      ['FEED_INTERVAL_MS', 'feedIntervalMs'],
      ['pingIntervall', 'pingIntervalMs'],
    ];
    for (const [key, meant] of cases) {
      const error = (await startBinanceSimulator({ [key]: 1 } as never).catch((e) => e)) as Error;
      expect(error).toBeInstanceOf(TypeError);
      expect(nearestName(key, ['feedIntervalMs', 'pingIntervalMs', 'pongTimeoutMs'])).toBe(meant);
      if (meant) expect(error.message).toContain(`(did you mean "${meant}"?)`);
      else expect(error.message).not.toContain('did you mean');
      const list = error.message.slice(error.message.indexOf('Valid options: '));
      expect(list).toContain('feedIntervalMs');
      expect(list).not.toMatch(/\bfeedInterval\b|\bpingInterval\b|\bclockSkew\b/);
    }
  });

  it('keeps the earlier Binance option names working (deprecated) and refuses both names at once', async () => {
    const sim = await startBinanceSimulator({ feedInterval: 0, pingInterval: 0, clockSkew: 5 });
    subjects.push(Object.assign(sim, { url: `${sim.streamUrl}/ws` }));
    expect(await startBinanceSimulator({ feedInterval: 0, feedIntervalMs: 0 }).catch((e) => e)).toBeInstanceOf(
      TypeError,
    );
  });
});

describe('deprecated verbs stay as aliases', () => {
  it('mock server: injectMessage and simulateDisconnect', async () => {
    const server = await startMockServer();
    subjects.push(server);
    const ws = await opened(server.url);
    const got = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
    expect(server.injectMessage('x')).toBe(1);
    expect(await got).toBe('x');
    const closed = closeOf(ws);
    await server.simulateDisconnect('going_away');
    expect(await closed).toBe(1001);
  });

  it('Binance simulator: emit, ban and injectGap', async () => {
    const sim = await startBinanceSimulator({ feedIntervalMs: 0, pingIntervalMs: 0 });
    subjects.push(Object.assign(sim, { url: `${sim.streamUrl}/ws` }));
    const ws = await opened(`${sim.streamUrl}/ws/btcusdt@depth@100ms`);
    const frames: Array<{ U?: number; u?: number; n?: number }> = [];
    const three = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        frames.push(JSON.parse(String(d)));
        if (frames.length === 3) resolve();
      }),
    );
    await sim.waitForConnection('stream');
    expect(sim.emit('btcusdt@depth@100ms', { n: 1 })).toBe(1);
    sim.tick();
    sim.injectGap('btcusdt');
    sim.tick();
    await three;
    expect(frames[0]).toEqual({ n: 1 });
    expect(frames[2]?.U).toBeGreaterThan((frames[1]?.u as number) + 1);
    sim.ban(429, 60_000);
    expect(await connect(`${sim.streamUrl}/ws`)).toBe(429);
    sim.reject(null);
    expect(await connect(`${sim.streamUrl}/ws`)).toBeInstanceOf(WebSocket);
  });
});
