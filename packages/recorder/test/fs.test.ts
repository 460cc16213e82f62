// The file sink: buffering and flush rules, round trip of text and binary through a real client against the
// mock server (127.0.0.1, port 0), `recordTo: 'path'` in the SDK, and failures that never hurt the connection.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Client, connect, type ZenError } from 'zen-websocket';
import { fileSink, fromFile } from '../src/fs.js';
import { metadata, parseEntry, type RecordEntry, replay } from '../src/index.js';

let dir: string;
let server: MockServer | undefined;
let client: Client | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zen-recorder-'));
});
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const entry = (i: number): RecordEntry => ({ ts: 1_700_000_000_000 + i, dir: 'in', type: 'text', data: `m${i}` });
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const entriesOf = async (file: string) => {
  const seen: RecordEntry[] = [];
  await replay(fromFile(file), (e) => void seen.push(e));
  return seen;
};
const until = <T>(register: (done: (value: T) => void) => void): Promise<T> =>
  new Promise((resolve) => register(resolve));

describe('fileSink', () => {
  it('buffers: nothing is written before 100 entries, all 100 are written at the 100th', async () => {
    const file = path.join(dir, 's.jsonl');
    const sink = fileSink(file, { flushInterval: 60_000 });
    for (let i = 0; i < 99; i++) sink.record(entry(i));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sink.stats()).toEqual({ entries: 0, bytes: 0 });
    expect(readFileSync(file, 'utf8')).toBe('');
    sink.record(entry(99));
    await vi.waitFor(() => expect(sink.stats().entries).toBe(100));
    expect(lines(file)).toHaveLength(100);
    expect(sink.stats().bytes).toBe(readFileSync(file).length);
    await sink.close();
  });

  it('writes a partial buffer after flushInterval without being asked', async () => {
    const file = path.join(dir, 's.jsonl');
    const sink = fileSink(file, { flushInterval: 30 });
    sink.record(entry(1));
    sink.record(entry(2));
    await vi.waitFor(() => expect(lines(file)).toHaveLength(2));
    await sink.close();
  });

  it('flush() and close() write everything, in order; close is idempotent; recording after close throws', async () => {
    const file = path.join(dir, 's.jsonl');
    const sink = fileSink(file);
    for (let i = 0; i < 250; i++) sink.record(entry(i));
    await sink.flush();
    expect(lines(file)).toHaveLength(250);
    sink.record(entry(250));
    await Promise.all([sink.close(), sink.close()]);
    expect((await entriesOf(file)).map((e) => e.data)).toEqual(Array.from({ length: 251 }, (_, i) => `m${i}`));
    expect(() => sink.record(entry(0))).toThrow(/closed/);
  });

  it('truncates by default (like the original) and appends with append: true', async () => {
    const file = path.join(dir, 's.jsonl');
    writeFileSync(file, `${JSON.stringify({ ts: '2026-01-20T15:30:45Z', dir: 'in', type: 'text', data: 'old' })}\n`);
    const truncating = fileSink(file);
    truncating.record(entry(1));
    await truncating.close();
    expect((await entriesOf(file)).map((e) => e.data)).toEqual(['m1']);
    const appending = fileSink(file, { append: true });
    appending.record(entry(2));
    await appending.close();
    expect((await entriesOf(file)).map((e) => e.data)).toEqual(['m1', 'm2']);
  });

  it('can be read back through the sink itself (metadata, replay)', async () => {
    const sink = fileSink(path.join(dir, 's.jsonl'));
    sink.record(entry(1));
    sink.record({ ...entry(2), dir: 'out' });
    expect(await metadata(sink)).toMatchObject({ count: 2, inbound: 1, outbound: 1, durationMs: 1 });
    await sink.close();
  });

  it('redacts before writing', async () => {
    const file = path.join(dir, 's.jsonl');
    const sink = fileSink(file, { redact: ['password'] });
    sink.record({ ...entry(1), data: '{"password":"hunter2","signature":"deadbeef"}' });
    await sink.close();
    expect(readFileSync(file, 'utf8')).not.toMatch(/hunter2|deadbeef/);
  });

  it('throws at once when the file cannot be opened, and rejects bad options', () => {
    expect(() => fileSink(path.join(dir, 'missing', 's.jsonl'))).toThrow(/ENOENT/);
    expect(() => fileSink(dir)).toThrow(/EISDIR/);
    expect(() => fileSink(path.join(dir, 'a'), { flushInterval: 0 })).toThrow(RangeError);
    expect(() => fileSink(path.join(dir, 'b'), { maxBuffered: 0 })).toThrow(RangeError);
  });

  it('fromFile rejects with ENOENT for a missing file', async () => {
    await expect(metadata(fromFile(path.join(dir, 'nope.jsonl')))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('recording a real client', () => {
  it('round-trips text and binary, both ways, through recordTo: "path" (the SDK opens a file sink)', async () => {
    server = await startMockServer();
    const file = path.join(dir, 'session.jsonl');
    const c = await connect(server.url, { recordTo: file });
    client = c;
    const echoed = until<unknown>((done) => c.on('message', done));
    await c.sendMessage('{"id":null,"params":{"client_secret":"topsecret"}}');
    await echoed;
    const bytes = until<Uint8Array>((done) => c.on('binary', done));
    await c.sendMessage(new Uint8Array([0, 1, 2, 255]));
    await bytes;
    await c.close();
    client = undefined;

    const seen = await entriesOf(file);
    expect(seen.map((e) => [e.dir, e.type])).toEqual([
      ['out', 'text'],
      ['in', 'text'],
      ['out', 'binary'],
      ['in', 'binary'],
      ['out', 'close'],
    ]);
    expect(seen[0]?.data).toBe('{"id":null,"params":{"client_secret":"[REDACTED]"}}');
    expect(seen[1]?.data).toBe('echo: {"id":null,"params":{"client_secret":"[REDACTED]"}}');
    expect(seen[2]?.data).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(seen[3]?.data).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(seen[4]).toMatchObject({ data: '', code: 1000 });
    expect(readFileSync(file, 'utf8')).not.toContain('topsecret');
    for (const line of lines(file)) expect(() => parseEntry(line)).not.toThrow();
  });

  it('records a server-side close with its code and reason', async () => {
    server = await startMockServer();
    const file = path.join(dir, 'session.jsonl');
    const c = await connect(server.url, { recordTo: fileSink(file), reconnectOnError: false });
    client = c;
    const gone = until<void>((done) => c.on('state', (s) => s.to === 'disconnected' && done()));
    await server.simulateDisconnect(4001, 'kicked');
    await gone;
    await c.close();
    client = undefined;
    expect((await entriesOf(file)).at(-1)).toMatchObject({ dir: 'in', type: 'close', code: 4001, data: 'kicked' });
  });

  it('a path that cannot be opened is reported on error and dropped; the connection works', async () => {
    server = await startMockServer();
    const c = await connect(server.url, { recordTo: path.join(dir, 'missing', 'session.jsonl') });
    client = c;
    const error = until<ZenError>((done) => c.on('error', done));
    const echoed = until<unknown>((done) => c.on('message', done));
    await c.sendMessage('hello');
    expect((await error).message).toMatch(/Recording failed.*ENOENT/);
    expect(await echoed).toBe('echo: hello');
  });

  it('a sink that throws is reported and dropped, never called again, and the connection keeps working', async () => {
    server = await startMockServer();
    let calls = 0;
    const c = await connect(server.url, {
      recordTo: {
        record() {
          calls++;
          throw new Error('disk on fire');
        },
      },
    });
    client = c;
    const error = until<ZenError>((done) => c.on('error', done));
    const messages: unknown[] = [];
    c.on('message', (m) => messages.push(m));
    await c.sendMessage('one');
    expect((await error).message).toMatch(/disk on fire/);
    await c.sendMessage('two');
    await vi.waitFor(() => expect(messages).toEqual(['echo: one', 'echo: two']));
    expect(calls).toBe(1);
  });

  it('closes the file it opened when connect() fails', async () => {
    const file = path.join(dir, 'session.jsonl');
    const listeners = process.listenerCount('exit');
    await expect(connect('ws://127.0.0.1:1/ws', { recordTo: file, retryCount: 0 })).rejects.toThrow();
    expect(await entriesOf(file)).toMatchObject([{ dir: 'in', type: 'close', code: 1006 }]); // the failed attempt
    expect(process.listenerCount('exit')).toBe(listeners); // closed: its exit hook is gone
  });
});
