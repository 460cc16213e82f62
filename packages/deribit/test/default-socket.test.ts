// With no socketFactory the adapter uses the runtime's global WebSocket; where there is none (Node 20), the
// error names the import that brings one. Real sockets against the simulator; the global is restored after.
import { createDeribitClient } from '@zen-websocket/deribit';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { simulator } from './helpers.js';

const original = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');

afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'WebSocket', original);
  else delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

describe('default socket', () => {
  it('without a global WebSocket, names the import that brings one (and touches no network)', async () => {
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
    const sim = await simulator();
    const error = (await createDeribitClient({ url: sim.url }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(TypeError);
    const major = process.versions.node.split('.')[0];
    expect(error.message).toBe(
      `no WebSocket in this runtime (Node ${major}): import { createDeribitClient } from 'zen-websocket/deribit', which picks this runtime's socket (ws on Node), or pass socketFactory`,
    );
    expect(sim.connectionCount).toBe(0);
  });

  it('checks the options first: a bad option is reported, not the missing WebSocket', async () => {
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
    await expect(createDeribitClient({ heartbeatInterval: 1 })).rejects.toThrow(RangeError);
    await expect(createDeribitClient({ clientID: 'x' } as never)).rejects.toThrow(/did you mean "clientId"/);
  });

  it('uses the global WebSocket when there is one, with no socketFactory', async () => {
    const sim = await simulator();
    // A standard-constructor WebSocket as browsers, Deno, Bun and Node ≥ 22 have (here: ws's class).
    const made: string[] = [];
    (globalThis as { WebSocket?: unknown }).WebSocket = class extends WsWebSocket {
      constructor(url: string, protocols?: string[]) {
        super(url, protocols);
        made.push(url);
      }
    };
    const client = await createDeribitClient({ url: sim.url, ...sim.credentials });
    try {
      expect(made).toEqual([sim.url]);
      expect(await client.getTime()).toBeGreaterThan(0);
      expect(sim.requests('public/auth')).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});
