// `recordTo` in the SDK builds: a sink object passes through untouched; a string is this runtime's sink (a
// file on the node build — see fs.test.ts — an IndexedDB database on the web build); a string the runtime
// cannot open is reported on `error` and dropped, and the connection works on.
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { type Client, type ConnectOptions, connect, memorySink, nodeSocketFactory, type ZenError } from 'zen-websocket';
import { connect as webConnect } from '../../sdk/src/web.js';
import { metadata } from '../src/index.js';

let server: MockServer | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = server = undefined;
});

const until = <T>(register: (done: (value: T) => void) => void): Promise<T> =>
  new Promise((resolve) => register(resolve));

describe('recordTo in the SDK', () => {
  it('takes a sink or a string (types)', () => {
    expectTypeOf<{ recordTo: string }>().toMatchTypeOf<ConnectOptions>();
    expectTypeOf<{ recordTo: ReturnType<typeof memorySink> }>().toMatchTypeOf<ConnectOptions>();
    expectTypeOf<{ recordTo: number }>().not.toMatchTypeOf<ConnectOptions>();
  });

  it('passes a sink object through (memory sink, flushed and closed by client.close())', async () => {
    server = await startMockServer();
    const sink = memorySink();
    const c = await connect(server.url, { recordTo: sink, heartbeat: 'disabled' });
    client = c;
    const echoed = until<unknown>((done) => c.on('message', done));
    await c.sendMessage('hi');
    await echoed;
    await c.close();
    client = undefined;
    expect(await metadata(sink)).toMatchObject({ count: 3, inbound: 1, outbound: 2 });
  });

  it('still rejects a recordTo that is neither a string nor a sink', async () => {
    server = await startMockServer();
    await expect(connect(server.url, { recordTo: 42 as never })).rejects.toThrow(/recordTo/);
  });

  it('web build where there is no IndexedDB (here: Node): reported on error, connection unaffected', async () => {
    server = await startMockServer();
    const c = await webConnect(server.url, { recordTo: 'session', socketFactory: nodeSocketFactory });
    client = c;
    const error = until<ZenError>((done) => c.on('error', done));
    const echoed = until<unknown>((done) => c.on('message', done));
    await c.sendMessage('hello');
    expect((await error).message).toMatch(/No IndexedDB here/);
    expect(await echoed).toBe('echo: hello');
  });
});
