// startReplayServer (@zen-websocket/testing) driving a real client over 127.0.0.1: a recording's inbound
// frames in order and at pace, waiting for recorded requests and re-using the live request ids, sessions split
// at close frames (reconnects replayed), and the whole workflow: record a session → replay it in a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type MockServer, type ReplayServer, startMockServer, startReplayServer } from '@zen-websocket/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Client, connect } from 'zen-websocket';
import { fromFile } from '../src/fs.js';
import { memorySink, type RecordEntry } from '../src/index.js';

let dir: string;
let server: ReplayServer | undefined;
let live: MockServer | undefined;
let client: Client | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zen-replay-'));
});
afterEach(async () => {
  await client?.close();
  await server?.stop();
  await live?.stop();
  client = server = live = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 20, 15, 30, 45, 0);
/** A recording built entry by entry (as a memory sink, one of the sources the server reads). */
function recording(entries: Array<Omit<RecordEntry, 'ts'> & { at?: number }>) {
  const sink = memorySink({ redact: false });
  for (const [i, { at, ...entry }] of entries.entries()) sink.record({ ts: T0 + (at ?? i), ...entry } as RecordEntry);
  return sink;
}
const inText = (data: unknown, at?: number) => ({
  dir: 'in' as const,
  type: 'text' as const,
  data: typeof data === 'string' ? data : JSON.stringify(data),
  ...(at === undefined ? {} : { at }),
});
const outText = (data: unknown) => ({ dir: 'out' as const, type: 'text' as const, data: JSON.stringify(data) });
const tick = (n: number) => ({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'ticker', data: n } });

/**
 * Connects to `url` with a `handler` collecting every text message: installed before the first byte, it sees
 * frames a server sends the moment the connection opens (which `client.on('message')`, attached after
 * `connect()` resolves, could miss).
 */
async function connectCollecting(url: string, options: Parameters<typeof connect>[1] = {}) {
  const seen: unknown[] = [];
  const binary: Uint8Array[] = [];
  const c = await connect(url, {
    heartbeat: 'disabled',
    ...options,
    handler: (m) => {
      if (m.type === 'message') seen.push(m.data);
      if (m.type === 'binary') binary.push(m.data);
    },
  });
  return { c, seen, binary };
}

describe('startReplayServer', () => {
  it('serves the recorded inbound frames, text and binary, in order, and ignores the outbound ones', async () => {
    server = await startReplayServer(
      recording([
        outText({ method: 'public/subscribe', params: { channels: ['ticker'] } }),
        inText(tick(1)),
        { dir: 'in', type: 'binary', data: new Uint8Array([1, 2, 3]) },
        inText(tick(2)),
        inText('plain text'),
      ]),
    );
    expect(server.sessions).toBe(1);
    const { c, seen, binary } = await connectCollecting(server.url);
    client = c;
    await server.finished();
    await vi.waitFor(() => expect(seen).toEqual([tick(1), tick(2), 'plain text']));
    expect(binary.map((b) => [...b])).toEqual([[1, 2, 3]]);
    expect(server.played).toBe(4);
  });

  it('with waitForRequests, answers each recorded request only after the client sends it, with the live id', async () => {
    server = await startReplayServer(
      recording([
        outText({ jsonrpc: '2.0', id: 41, method: 'public/auth', params: { grant_type: 'client_credentials' } }),
        inText({ jsonrpc: '2.0', id: 41, result: { access_token: '[REDACTED]', expires_in: 900 } }),
        outText({ jsonrpc: '2.0', id: 42, method: 'public/get_time' }),
        inText({ jsonrpc: '2.0', id: 42, result: 1768923045000 }),
        inText(tick(1)),
      ]),
      { waitForRequests: true },
    );
    const { c, seen } = await connectCollecting(server.url);
    client = c;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([]); // nothing is played past a request the client has not sent
    expect(server.played).toBe(0);
    await expect(client.request('public/auth', { grant_type: 'client_credentials' })).resolves.toEqual({
      access_token: '[REDACTED]',
      expires_in: 900,
    });
    expect(await client.request('public/get_time')).toBe(1768923045000);
    await server.finished();
    await vi.waitFor(() => expect(seen).toEqual([tick(1)]));
  });

  it('waitForRequests can pick which recorded requests to wait for', async () => {
    server = await startReplayServer(
      recording([
        outText({ jsonrpc: '2.0', id: 7, method: 'public/test' }), // a heartbeat probe: timing differs per run
        inText({ jsonrpc: '2.0', id: 7, result: {} }),
        outText({ jsonrpc: '2.0', id: 8, method: 'public/get_time' }),
        inText({ jsonrpc: '2.0', id: 8, result: 5 }),
      ]),
      { waitForRequests: (recorded) => !String(recorded.data).includes('public/test') },
    );
    const { c } = await connectCollecting(server.url);
    client = c;
    expect(await c.request('public/get_time')).toBe(5);
    await server.finished();
  });

  it('finished() says which recorded request it still waits for', async () => {
    server = await startReplayServer(recording([outText({ id: 1, method: 'private/buy' }), inText({ id: 1 })]), {
      waitForRequests: true,
    });
    client = await connect(server.url, { heartbeat: 'disabled' });
    await expect(server.finished(0, 100)).rejects.toThrow(/waiting for the client to send.*private\/buy/);
    await expect(server.finished(1, 50)).rejects.toThrow(/no client connected for session 1/);
  });

  it("paces 'realtime' and speed factors by the recorded gaps (order and lower bounds only)", async () => {
    const frames = [inText(tick(0), 0), inText(tick(1), 60), inText(tick(2), 120)];
    for (const [pace, scale] of [
      ['realtime', 1],
      [2, 0.5],
    ] as const) {
      server = await startReplayServer(recording(frames), { pace });
      const start = performance.now();
      const times: number[] = [];
      const data: unknown[] = [];
      const c = await connect(server.url, {
        heartbeat: 'disabled',
        handler: (m) => {
          if (m.type !== 'message') return;
          times.push(performance.now() - start);
          data.push((m.data as { params: { data: number } }).params.data);
        },
      });
      await server.finished();
      await vi.waitFor(() => expect(data).toEqual([0, 1, 2]));
      // `start` precedes the server's first send, so each frame comes at least its recorded offset after it
      expect(times[1]).toBeGreaterThanOrEqual(60 * scale - 1);
      expect(times[2]).toBeGreaterThanOrEqual(120 * scale - 1);
      await c.close();
      await server.stop();
    }
    server = undefined;
  });

  it('replays a reconnect: a recorded close ends the connection with its code, the next connection plays on', async () => {
    server = await startReplayServer(
      recording([
        inText(tick(1)),
        { dir: 'in', type: 'close', data: 'maintenance', code: 4000 },
        inText(tick(2)),
        { dir: 'in', type: 'close', data: '', code: 1006 },
        inText(tick(3)),
      ]),
    );
    expect(server.sessions).toBe(3);
    const { c, seen } = await connectCollecting(server.url, { retryDelay: 10, maxBackoff: 20, retryCount: 5 });
    client = c;
    const closes: unknown[] = [];
    c.on('state', (change) => change.to === 'reconnecting' && closes.push(change.error?.code));
    await vi.waitFor(() => expect(seen).toEqual([tick(1), tick(2), tick(3)]), { timeout: 5000 });
    expect(server.connectionCount).toBe(3);
    expect(closes).toHaveLength(2);
  });

  it('reads a file through fromFile and reports corrupt lines', async () => {
    const file = path.join(dir, 'session.jsonl');
    const sink = (await import('../src/fs.js')).fileSink(file);
    sink.record({ ts: T0, dir: 'in', type: 'text', data: JSON.stringify(tick(1)) });
    await sink.close();
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file, '{"broken":\n');
    server = await startReplayServer(fromFile(file));
    expect(server.skipped).toBe(1);
    const { c, seen } = await connectCollecting(server.url);
    client = c;
    await vi.waitFor(() => expect(seen).toEqual([tick(1)]));
  });

  it('rejects bad options at once', async () => {
    await expect(startReplayServer(recording([]), { pace: 0 })).rejects.toThrow(RangeError);
    await expect(startReplayServer(recording([]), { waitForRequests: 'yes' as never })).rejects.toThrow(TypeError);
  });
});

describe('record a session → replay it in a test', () => {
  it('a client sees the same replies and notifications from the replay as from the live server', async () => {
    // "Production": an exchange with JSON-RPC methods that pushes ticker notifications after a subscribe.
    live = await startMockServer({
      rpc: {
        'public/auth': () => ({ access_token: 'live-token-abc', refresh_token: 'r', expires_in: 900 }),
        'public/get_instruments': () => [{ instrument_name: 'BTC-PERPETUAL' }],
        'public/subscribe': (params, conn) => {
          let n = 0;
          const timer = setInterval(() => {
            conn.send(tick(n++));
            if (n === 5) clearInterval(timer);
          }, 5);
          return (params as { channels: string[] }).channels;
        },
      },
    });
    const session = async (url: string, recordTo?: string) => {
      const { c, seen: ticks } = await connectCollecting(url, recordTo ? { recordTo } : {});
      const auth = await c.request('public/auth', { client_id: 'id', client_secret: 'live-secret-xyz' });
      const instruments = await c.request('public/get_instruments', { currency: 'BTC' });
      await c.subscribe('ticker');
      await vi.waitFor(() => expect(ticks).toHaveLength(5));
      await c.close();
      return { auth, instruments, ticks };
    };

    const file = path.join(dir, 'production.jsonl');
    const recorded = await session(live.url, file);

    server = await startReplayServer(fromFile(file), { waitForRequests: true });
    const replayed = await session(server.url);

    expect(replayed.instruments).toEqual(recorded.instruments);
    expect(replayed.ticks).toEqual(recorded.ticks);
    // secrets never reached the file, so the replay serves them redacted
    expect(recorded.auth).toMatchObject({ access_token: 'live-token-abc' });
    expect(replayed.auth).toEqual({ access_token: '[REDACTED]', refresh_token: '[REDACTED]', expires_in: 900 });
    expect(await server.assertMessageSent({ method: 'public/get_instruments' })).toBe(true);
  });
});
