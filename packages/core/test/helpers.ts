import {
  createFakeClock,
  createFakeSocketFactory,
  type FakeClock,
  type FakeSocketFactory,
} from '@zen-websocket/testing/fakes';
import { ZenClient } from '../src/client.js';
import { type Client, type ConnectOptions, jsonRpc, type Protocol } from '../src/index.js';

/**
 * A dialect with its own heartbeat, as a venue adapter brings one (this one speaks like Deribit: probe with
 * `public/test`, answer `test_request`). The core knows no venue; tests of `heartbeat: { type: 'protocol' }`
 * (and its older name `deribit`) bring their protocol.
 */
export const deribitLike: Protocol = (() => {
  const test = { jsonrpc: '2.0', method: 'public/test', params: {} };
  return {
    ...jsonRpc(),
    name: 'deribit',
    heartbeat: { probe: test, reply: (kind: string) => (kind === 'test_request' ? test : undefined) },
  };
})();

export interface Rig {
  clock: FakeClock;
  sockets: FakeSocketFactory;
  client: ZenClient;
  /** The promise `start()` returned. */
  started: Promise<void>;
}

/**
 * A client over fake sockets and a fake clock; jitter pinned to the ceiling's midpoint and the first retry
 * immediate (`firstRetrySpread: 0`) unless overridden.
 */
export function rig(options: ConnectOptions<Client> & { mode?: 'w3c' | 'node' } = {}): Rig {
  const { mode, ...rest } = options;
  const clock = createFakeClock();
  const sockets = createFakeSocketFactory({ mode: mode ?? 'w3c' });
  const client = new ZenClient('ws://venue.test/ws', {
    clock,
    socketFactory: sockets,
    random: () => 0.5,
    heartbeat: 'disabled',
    firstRetrySpread: 0, // these tests pin the immediate first retry; the spread has its own tests
    ...rest,
  });
  const started = client.start();
  started.catch(() => undefined);
  return { clock, sockets, client, started };
}

/** A rig whose first connection is open. */
export async function connected(options: Parameters<typeof rig>[0] = {}): Promise<Rig> {
  const r = rig(options);
  r.sockets.last.open();
  await r.started;
  return r;
}
