import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type BinanceStreams, createBinanceStreams } from '@zen-websocket/binance';
import { type BinanceSimulator, startBinanceSimulator, wsSocketFactory } from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';

// A stream confirmed and then dropped while its subscribe() call still waits for another stream of the same call:
// the call rejects with the drop's error (it never resolves claiming the stream), and nothing else reports it.

const A = 'btcusdt@trade';
const B = 'ethusdt@trade';

type Answer = 'ok' | 'refuse' | 'hold';
interface Control {
  method: string;
  params?: string[];
  id: number;
}

/**
 * A scripted streams endpoint on 127.0.0.1: the n-th SUBSCRIBE naming a stream is answered with `answers[stream][n]`
 * (the last one repeats; 'hold' keeps the reply until `release()`); every other frame is answered at once.
 */
async function scripted(answers: Record<string, Answer[]>) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const sockets: WebSocket[] = [];
  const frames: Array<[socket: number, frame: Control]> = [];
  const held: Array<() => void> = [];
  const counts = new Map<string, number>();
  const waiting = new Set<() => void>();
  wss.on('connection', (ws) => {
    const n = sockets.push(ws) - 1;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Control;
      frames.push([n, frame]);
      const stream = frame.method === 'SUBSCRIBE' ? (frame.params?.[0] ?? '') : '';
      const seen = counts.get(stream) ?? 0;
      counts.set(stream, seen + 1);
      const list = answers[stream] ?? ['ok'];
      const answer = list[Math.min(seen, list.length - 1)];
      const reply = (): void => {
        if (ws.readyState !== ws.OPEN) return;
        const body =
          answer === 'refuse'
            ? { error: { code: 2, msg: 'Invalid request: invalid stream' }, id: frame.id }
            : { result: frame.method === 'LIST_SUBSCRIPTIONS' ? [] : null, id: frame.id };
        ws.send(JSON.stringify(body));
      };
      if (answer === 'hold') held.push(reply);
      else reply();
      for (const check of waiting) check();
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    sockets,
    frames,
    /** Sends the held replies. */
    release: () => {
      for (const reply of held.splice(0)) reply();
    },
    /** Resolves once the n-th (0-based) socket has received a SUBSCRIBE of `stream`. */
    subscribed(socket: number | 'any', stream: string): Promise<void> {
      const found = (): boolean =>
        frames.some(
          ([n, f]) => (socket === 'any' || n === socket) && f.method === 'SUBSCRIBE' && f.params?.includes(stream),
        );
      return new Promise((resolve) => {
        const check = (): void => {
          if (!found()) return;
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
      });
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

let server: Awaited<ReturnType<typeof scripted>> | undefined;
let streams: BinanceStreams | undefined;
let sim: BinanceSimulator | undefined;

afterEach(async () => {
  await streams?.close();
  await server?.close();
  await sim?.stop();
  streams = server = sim = undefined;
});

/** Streams with nothing in the URL (every stream goes by SUBSCRIBE) and one stream per frame, 10 ms apart. */
async function setup(answers: Record<string, Answer[]>, options: Parameters<typeof createBinanceStreams>[0] = {}) {
  server = await scripted(answers);
  streams = createBinanceStreams({
    baseUrl: server.url,
    socketFactory: wsSocketFactory,
    maxUrlLength: 1,
    limit: { batch: 1, windowMs: 40 },
    connect: { retryDelay: 20, maxBackoff: 50 },
    ...options,
  });
  const errors: unknown[] = [];
  streams.on('error', (e) => errors.push(e));
  return { server, streams, errors };
}

/** The call's outcome, without an unhandled rejection while the test drives the server. */
const outcome = (call: Promise<string[]>): Promise<{ value?: string[]; error?: unknown }> =>
  call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

const refusedA = {
  name: 'BinanceError',
  rpcCode: 2,
  streams: [A],
  message: `SUBSCRIBE ${A} failed: Invalid request: invalid stream (code 2)`,
};

describe('a stream dropped while its subscribe() call still waits', () => {
  it('rejects the call when the restore after a reconnect is refused (the other stream stays)', async () => {
    const { server, streams, errors } = await setup({ [A]: ['ok', 'refuse'], [B]: ['hold', 'ok'] });
    const call = outcome(streams.subscribe([A, B]));
    await server.subscribed(0, B); // A confirmed, B unanswered
    server.sockets[0]?.terminate();
    expect(await call).toEqual({ error: expect.objectContaining(refusedA) });
    expect(streams.subscriptions()).toEqual([B]);
    await expect(streams.subscribe(B)).resolves.toEqual([B]);
    expect(errors).toEqual([]); // reported once: on the call
  });

  it('rejects the call when a rotation’s restore is refused', async () => {
    const { server, streams, errors } = await setup({ [A]: ['ok', 'refuse'], [B]: ['hold', 'ok'] });
    const call = outcome(streams.subscribe([A, B]));
    await server.subscribed(0, B);
    const rotated = streams.rotate();
    await server.subscribed(1, B); // the next socket: A refused, B subscribed
    await expect.poll(() => streams.subscriptions(), { interval: 10 }).toEqual([B]);
    server.release(); // B answered on the old socket: before the fix the call resolved here, claiming A
    expect(await call).toEqual({ error: expect.objectContaining(refusedA) });
    await rotated;
    expect(streams.subscriptions()).toEqual([B]);
    expect(errors).toEqual([]);
  });

  it('rejects the call when the user unsubscribes one of its streams (the user’s own doing: an AbortError)', async () => {
    const { server, streams, errors } = await setup({ [B]: ['hold'] });
    const call = outcome(streams.subscribe([A, B]));
    await server.subscribed(0, B);
    const left = streams.unsubscribe(A);
    server.release();
    expect(await call).toEqual({
      error: expect.objectContaining({ name: 'AbortError', code: 'aborted', message: `Unsubscribed from ${A}` }),
    });
    await left;
    expect(streams.subscriptions()).toEqual([B]);
    expect(server.frames.filter(([, f]) => f.method === 'UNSUBSCRIBE').map(([, f]) => f.params)).toEqual([[A]]);
    expect(errors).toEqual([]);
  });

  it('waits for every stream at once: a restore left unanswered rejects the call, although its other stream is confirmed', async () => {
    const { server, streams, errors } = await setup(
      { [A]: ['ok', 'hold'], [B]: ['hold', 'ok'] },
      { requestTimeout: 1000 },
    );
    const call = outcome(streams.subscribe([A, B]));
    await server.subscribed(0, B);
    server.sockets[0]?.terminate(); // on the next socket B is confirmed, A unanswered
    expect(await call).toEqual({
      error: expect.objectContaining({ code: 'request_timeout', message: expect.stringContaining(A) }),
    });
    expect(streams.subscriptions()).toEqual([B]);
    expect(errors).toEqual([]);
  });

  it('rejects the call when a stream on another connection is dropped after that connection confirmed it', async () => {
    const { server, streams, errors } = await setup(
      { [A]: ['ok', 'refuse'], [B]: ['hold'] },
      { maxStreamsPerConnection: 1 },
    );
    const call = outcome(streams.subscribe([A, B]));
    await Promise.all([server.subscribed('any', A), server.subscribed('any', B)]);
    const socketOfA = server.frames.find(([, f]) => f.params?.includes(A))?.[0] ?? -1;
    server.sockets[socketOfA]?.terminate(); // A's connection reconnects; its restore is refused
    await expect.poll(() => streams.subscriptions(), { interval: 10 }).toEqual([B]);
    server.release(); // B confirmed: before the fix the call resolved here, claiming A
    expect(await call).toEqual({ error: expect.objectContaining(refusedA) });
    expect(errors).toEqual([]);
  });

  it('still reports on `error` a stream dropped when no call waits for it', async () => {
    const { server, streams, errors } = await setup({ [A]: ['ok', 'refuse'] });
    await streams.subscribe(A);
    server.sockets[0]?.terminate();
    await expect.poll(() => errors.length, { interval: 10 }).toBe(1);
    expect(errors[0]).toMatchObject(refusedA);
    expect(streams.subscriptions()).toEqual([]);
  });
});

describe('limit.maxQueue', () => {
  it('lets maxQueue LIST_SUBSCRIPTIONS wait and refuses the next with overflow, unsent', async () => {
    sim = await startBinanceSimulator({ feedInterval: 0, pingInterval: 0 });
    streams = createBinanceStreams({
      baseUrl: sim.streamUrl,
      socketFactory: wsSocketFactory,
      limit: { maxQueue: 2 },
    });
    await streams.subscribe(A);
    const conn = await sim.waitForConnection('stream');
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => streams?.listSubscriptions()));
    expect(results.slice(0, 2)).toEqual([
      { status: 'fulfilled', value: [A] },
      { status: 'fulfilled', value: [A] },
    ]);
    for (const result of results.slice(2)) {
      expect(result).toMatchObject({
        status: 'rejected',
        reason: {
          name: 'RequestError',
          code: 'overflow',
          sent: false,
          message: 'LIST_SUBSCRIPTIONS: 2 waiting (limit.maxQueue)',
        },
      });
    }
    const lists = conn.received.filter((t) => (JSON.parse(t) as Control).method === 'LIST_SUBSCRIPTIONS');
    expect(lists).toHaveLength(2);
  });
});

describe('a connection that gives up', () => {
  it('rejects a call waiting on another connection when the one that confirmed its stream gives up', async () => {
    const { server, streams, errors } = await setup(
      { [B]: ['hold'] },
      { maxStreamsPerConnection: 1, connect: { retryCount: 0 } },
    );
    const call = outcome(streams.subscribe([A, B]));
    await Promise.all([server.subscribed('any', A), server.subscribed('any', B)]);
    const socketOfA = server.frames.find(([, f]) => f.params?.includes(A))?.[0] ?? -1;
    server.sockets[socketOfA]?.terminate(); // no retry: A's connection gives up
    await expect.poll(() => streams?.subscriptions(), { interval: 10 }).toEqual([B]);
    server.release(); // B confirmed: before the fix the call resolved here, claiming A
    const { error } = await call;
    expect(error).toMatchObject({ name: 'ConnectionError', code: 'connection_closed', closeCode: 1006 });
    expect(errors).toEqual([error]); // a give-up is reported on `error` too, as before
  });
});
