// The contract tests every adapter should pass, against the template's own simulator: restore order after a
// reconnect (connect → login → restore), re-login with a fresh signature, orders never replayed, subscribe
// limits, the venue's rate-limit code kept, a refused key fatal. Real sockets on 127.0.0.1; no sleeps.
import { AuthError, RequestError } from '@zen-websocket/core';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeSocketFactory } from 'zen-websocket';
import { type AcmeClient, createAcmeClient } from '../src/adapter.js';
import { AcmeError } from '../src/protocol.js';
import { type AcmeSimulator, startAcmeSimulator } from '../src/simulator.js';

let sim: AcmeSimulator;
let client: AcmeClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await sim.stop();
});

const open = async (apiSecret = 'secret') => {
  client = await createAcmeClient({
    url: sim.url,
    apiKey: 'key',
    apiSecret,
    socketFactory: nodeSocketFactory,
    retryDelay: 5,
  });
  return client;
};
/** Every message the simulator received, decoded. */
const allOps = () => sim.server.received.map((m) => JSON.parse(String(m)) as { op: string; args?: unknown[] });

describe('adapter template', () => {
  it('after a reconnect: login (fresh signature) before the topics are restored, in batches of 5', async () => {
    sim = await startAcmeSimulator();
    const c = await open();
    const topics = Array.from({ length: 12 }, (_, i) => `trades.T${i}`);
    await c.subscribe(topics, () => {});
    await sim.server.waitForConnection();
    const reconnected = new Promise((resolve) => c.core.on('reconnect', resolve));
    await sim.server.drop('abnormal');
    await reconnected;
    const second = await sim.server.waitForConnection();
    await expect.poll(() => second.received.length).toBeGreaterThanOrEqual(4); // login + 3 batches
    const seq = second.received.map((m) => JSON.parse(String(m)) as { op: string; args: unknown[] });
    expect(seq[0]?.op).toBe('login');
    const restored = seq.filter((m) => m.op === 'subscribe');
    expect(restored.map((m) => m.args.length)).toEqual([5, 5, 2]);
    const logins = allOps().filter((m) => m.op === 'login');
    expect(logins).toHaveLength(2);
    expect(logins[0]?.args?.[2]).not.toBe(logins[1]?.args?.[2]);
  });

  it('routes topic messages to their handler; replies are not messages', async () => {
    sim = await startAcmeSimulator();
    const c = await open();
    const messages: unknown[] = [];
    c.core.on('message', (m) => messages.push(m));
    const got = new Promise((resolve) => {
      void c.subscribe(['trades.BTC'], (data) => resolve(data)).then(() => sim.publish('trades.BTC', { p: 1 }));
    });
    expect(await got).toEqual({ p: 1 });
    expect(messages).toEqual([{ topic: 'trades.BTC', data: { p: 1 } }]); // no pong, no reply among them
  });

  it('never replays an order: a drop before the reply is outcome-unknown and nothing is resent', async () => {
    sim = await startAcmeSimulator();
    const c = await open();
    sim.holdOrders = true;
    const pending = c.placeOrder({ symbol: 'BTC', side: 'buy', qty: 1 }).catch((e: unknown) => e);
    await sim.server.waitForMessage({ op: 'order' });
    const reconnected = new Promise((resolve) => c.core.on('reconnect', resolve));
    await sim.server.drop('abnormal');
    const error = await pending;
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).outcome).toBe('unknown');
    await reconnected;
    expect(sim.orders).toHaveLength(1);
  });

  it('keeps the venue code of a rate-limit refusal', async () => {
    sim = await startAcmeSimulator(1);
    const c = await open();
    await c.placeOrder({ symbol: 'BTC', side: 'buy', qty: 1 });
    const error = (await c.placeOrder({ symbol: 'BTC', side: 'buy', qty: 1 }).catch((e: unknown) => e)) as AcmeError;
    expect(error).toBeInstanceOf(AcmeError);
    expect(error.venueCode).toBe(429);
    expect(error.venueMsg).toBe('too many orders');
  });

  it('a refused key is a final AuthError (no reconnect loop)', async () => {
    sim = await startAcmeSimulator();
    await expect(open('wrong')).rejects.toBeInstanceOf(AuthError);
    expect(sim.server.connectionCount).toBe(1);
  });
});
