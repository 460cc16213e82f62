// The web build's `connect` with a `recordTo` name loads the IndexedDB sink before connecting (no stand-in sink up
// front); where that sink cannot be made (here: Node has no IndexedDB) the client connects anyway and the first
// recorded frame reports why, once, on `error`.
import { type MockServer, startMockServer, wsSocketFactory } from '@zen-websocket/testing';
import { afterEach, expect, it } from 'vitest';
import { type Client, connect, type ZenError } from '../src/web.js';

let server: MockServer | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = server = undefined;
});

it('recordTo a name without IndexedDB: connected, and the first frame reports record_sink_error once', async () => {
  expect((globalThis as { indexedDB?: unknown }).indexedDB).toBeUndefined();
  server = await startMockServer();
  const errors: ZenError[] = [];
  const c = await connect(server.url, { socketFactory: wsSocketFactory, recordTo: 'session' });
  client = c;
  c.on('error', (e) => errors.push(e));
  const echo = new Promise((resolve) => c.on('message', resolve));
  await c.sendMessage('hello');
  await c.sendMessage('again');
  expect(await echo).toBe('echo: hello');
  expect(errors.map((e) => e.code)).toEqual(['record_sink_error']);
  expect(String(errors[0]?.cause)).toMatch(/indexeddb/i);
});
