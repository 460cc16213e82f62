// Shared set-up for the Bybit adapter tests: one simulator per test on 127.0.0.1 (port 0), clients over real
// `ws` sockets, everything closed in afterEach, event-driven waits (no sleeps).
import { type BybitClient, type BybitOptions, createBybitClient } from '@zen-websocket/bybit';
import {
  type BybitSimulator,
  type BybitSimulatorOptions,
  startBybitSimulator,
  wsSocketFactory,
} from '@zen-websocket/testing';
import { afterEach } from 'vitest';

const sims: BybitSimulator[] = [];
const clients: BybitClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of sims.splice(0)) await s.stop();
});

/** A simulator with a manual market (advance it with `sim.tick()`) unless told otherwise. */
export async function simulator(options: BybitSimulatorOptions = {}): Promise<BybitSimulator> {
  const sim = await startBybitSimulator({ feedIntervalMs: 0, ...options });
  sims.push(sim);
  return sim;
}

/** The simulator's default key pair. */
export const KEYS = { apiKey: 'sim-key', apiSecret: 'sim-secret' };

/** A Bybit client on `sim` (public only unless keys are given). */
export async function bybit(sim: BybitSimulator, options: BybitOptions = {}): Promise<BybitClient> {
  const client = await createBybitClient({
    url: sim.url,
    socketFactory: wsSocketFactory,
    retryDelay: 5,
    maxBackoff: 20,
    firstRetrySpread: 0,
    ...options,
  });
  clients.push(client);
  return client;
}

/** Resolves on the next state change of `endpoint` to `to`. */
export function next(client: BybitClient, endpoint: 'public' | 'private' | 'trade', to: string): Promise<void> {
  return new Promise((resolve) => {
    const off = client.on('state', (s) => {
      if (s.endpoint === endpoint && s.to === to) {
        off();
        resolve();
      }
    });
  });
}
