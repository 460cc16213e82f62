// The BroadcastChannel recipe (docs/limits-and-pools.md): contexts — browser tabs, workers — lend their clients
// to each other. Node 20 has a global BroadcastChannel, so each "tab" here is one shareClients() instance.
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type ConnectOptions, RequestError, Telemetry } from '../src/index.js';
import {
  type BroadcastChannelLike,
  type ClientPool,
  createClientPool,
  createRouter,
  PoolError,
  type PoolMember,
  type SharedClients,
  shareClients,
} from '../src/pool/index.js';
import { connect } from './real-socket.js';

let server: MockServer;
let name: string;
const cleanup: Array<() => unknown> = [];

beforeEach(async () => {
  server = await startMockServer({ rpc: { 'public/test': () => 'from the socket tab' } });
  name = `zen-test-${Math.random()}`;
});

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  await server.stop();
});

/** A "tab" that owns a socket: a pool with one client, lent on the channel. */
async function socketTab(): Promise<{
  pool: ClientPool<ConnectOptions<Client>>;
  client: Client;
  shared: SharedClients;
}> {
  const pool = createClientPool({ connect, telemetry: new Telemetry() });
  cleanup.push(() => pool.close());
  const client = await pool.startClient(server.url, { heartbeat: 'disabled' });
  const shared = shareClients({ name, clients: () => pool.listClients() });
  cleanup.push(() => shared.close());
  return { pool, client, shared };
}

/** A "tab" with no socket of its own; `changes()` resolves at the next change in what others lend. */
function borrowerTab(options: { acceptMs?: number } = {}) {
  let notify: () => void = () => undefined;
  const shared = shareClients({ name, ...options, onChange: () => notify() });
  cleanup.push(() => shared.close());
  const changes = () =>
    new Promise<void>((resolve) => {
      notify = resolve;
    });
  return { shared, changes, router: createRouter({ telemetry: new Telemetry() }) };
}

/** Waits until `shared` sees `count` members. */
async function until(tab: ReturnType<typeof borrowerTab>, count: number): Promise<PoolMember[]> {
  while (tab.shared.members().length !== count) await tab.changes();
  return tab.shared.members();
}

const request = (id: number) => ({ jsonrpc: '2.0', id, method: 'public/test' });

describe('sharing clients over BroadcastChannel', () => {
  it('a tab without a socket sends through another tab’s client', async () => {
    const borrower = borrowerTab();
    const owner = await socketTab();
    const [remote] = await until(borrower, 1);
    expect(remote?.getState?.()).toBe('connected');
    const reply = await borrower.router.sendBalanced(request(41), { clientDiscovery: borrower.shared.members });
    expect(reply).toMatchObject({ id: 41, result: 'from the socket tab' });
    expect(await server.assertMessageSent({ id: 41, method: 'public/test' })).toBe(true);
    expect(owner.client.getStateMetrics().messagesOut).toBeGreaterThanOrEqual(1);
    // The owner's own discovery lists its client once (its own stand-ins are never offered back to it).
    expect(owner.shared.members()).toEqual([owner.client]);
    // one class: close() is shared by every context; members/announce are bound, so they can be passed around
    expect(owner.shared.close).toBe(borrower.shared.close);
    const { announce, members } = owner.shared;
    announce();
    expect(members()).toEqual([owner.client]);
  });

  it('a tab that leaves takes its clients with it: no_connections', async () => {
    const borrower = borrowerTab();
    const owner = await socketTab();
    await until(borrower, 1);
    owner.shared.close();
    await until(borrower, 0);
    const error = await borrower.router
      .sendBalanced(request(1), { clientDiscovery: borrower.shared.members })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect(error).toMatchObject({ code: 'no_connections' });
  });

  it('an owner that never accepts: refused as not sent, so the send fails over to a live tab', async () => {
    const borrower = borrowerTab({ acceptMs: 60 });
    // A frozen tab: it offers a client but never hears anything.
    const real = new BroadcastChannel(name) as unknown as BroadcastChannelLike;
    const deaf: BroadcastChannelLike = {
      postMessage: (m) => real.postMessage(m),
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      close: () => real.close(),
    };
    const ghostClient: PoolMember = { sendMessage: async () => ({ never: true }) };
    const ghost = shareClients({ name, channel: deaf, clients: () => [ghostClient] });
    cleanup.push(() => ghost.close());
    const [stand] = await until(borrower, 1);
    const alone = await borrower.router
      .sendBalanced(request(2), { clientDiscovery: () => [stand as PoolMember] })
      .catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(RequestError);
    expect(alone).toMatchObject({ code: 'request_timeout', sent: false, outcome: 'not_sent' });

    await socketTab();
    await until(borrower, 2);
    for (const id of [3, 4, 5]) {
      const reply = await borrower.router.sendBalanced(request(id), { clientDiscovery: borrower.shared.members });
      expect(reply).toMatchObject({ id, result: 'from the socket tab' });
    }
  });

  it('the owner’s failure comes back with its sent/outcome, so an unknown outcome is never resent', async () => {
    const borrower = borrowerTab();
    const lost = new RequestError('disconnected', 'Connection lost before the reply', { sent: true, id: 9 });
    let calls = 0;
    const flaky: PoolMember = {
      sendMessage: async () => {
        calls++;
        throw lost;
      },
    };
    let otherCalls = 0;
    const busier: PoolMember = {
      sendMessage: async () => {
        otherCalls++;
        return {};
      },
      getStateMetrics: () => ({ pendingRequestsSize: 1 }),
    };
    const owner = shareClients({ name, clients: () => [flaky, busier] });
    cleanup.push(() => owner.close());
    await until(borrower, 2);
    const error = await borrower.router
      .sendBalanced(request(9), { clientDiscovery: borrower.shared.members })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'disconnected', sent: true, outcome: 'unknown' });
    expect(calls).toBe(1);
    expect(otherCalls).toBe(0);
  });

  it('without a BroadcastChannel, says what to pass', () => {
    const saved = globalThis.BroadcastChannel;
    (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
    try {
      expect(() => shareClients({ name })).toThrow(/pass options.channel/);
    } finally {
      globalThis.BroadcastChannel = saved;
    }
  });
});
