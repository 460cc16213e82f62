// Shared set-up for the adapter tests: one simulator per test on 127.0.0.1 (port 0), clients over real `ws`
// sockets, everything closed in afterEach, and event-driven waits (no sleeps).
import {
  createDeribitClient,
  type DeribitClient,
  type DeribitEvents,
  type DeribitOptions,
} from '@zen-websocket/deribit';
import {
  type DeribitSimulator,
  type DeribitSimulatorOptions,
  startDeribitSimulator,
  wsSocketFactory,
} from '@zen-websocket/testing';
import { afterEach } from 'vitest';

const sims: DeribitSimulator[] = [];
const clients: DeribitClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of sims.splice(0)) await s.stop();
});

/** A simulator with a manual market feed (advance it with `sim.tick()`) unless told otherwise. */
export async function simulator(options: DeribitSimulatorOptions = {}): Promise<DeribitSimulator> {
  const sim = await startDeribitSimulator({ feedIntervalMs: 0, ...options });
  sims.push(sim);
  return sim;
}

/** A Deribit client on `sim`, with the simulator's credentials unless `options` says otherwise. */
export async function deribit(sim: DeribitSimulator, options: DeribitOptions = {}): Promise<DeribitClient> {
  const keyless = 'credentials' in options || 'clientId' in options;
  const client = await createDeribitClient({
    url: sim.url,
    socketFactory: wsSocketFactory,
    retryDelay: 5,
    maxBackoff: 20,
    ...(keyless ? {} : sim.credentials),
    ...options,
  });
  clients.push(client);
  return client;
}

/** Resolves with the next `type` event (that passes `match`). */
export function next<K extends keyof DeribitEvents>(
  client: DeribitClient,
  type: K,
  match: (payload: DeribitEvents[K]) => boolean = () => true,
): Promise<DeribitEvents[K]> {
  return new Promise((resolve) => {
    const off = client.on(type, (payload) => {
      if (!match(payload)) return;
      off();
      resolve(payload);
    });
  });
}

/** Collects a channel's notifications; `until(n)` resolves once `n` have arrived. */
export function collector<T>() {
  const items: T[] = [];
  const waiters: Array<[number, () => void]> = [];
  const handler = (data: T) => {
    items.push(data);
    for (const [n, done] of [...waiters]) if (items.length >= n) done();
  };
  const until = (n: number, match?: (item: T) => boolean) =>
    new Promise<T[]>((resolve) => {
      const check = () => {
        const hits = match ? items.filter(match) : items;
        if (hits.length < n) return false;
        resolve(hits);
        return true;
      };
      if (check()) return;
      const entry: [number, () => void] = [0, () => check() && waiters.splice(waiters.indexOf(entry), 1)];
      waiters.push(entry);
    });
  return { items, handler, until };
}
