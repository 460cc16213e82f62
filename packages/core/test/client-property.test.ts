// Property: whatever the network and the user do, in whatever order, the client keeps its invariants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../src/index.js';
import { CONNECTION_STATES, transition } from '../src/state.js';
import { rig } from './helpers.js';

type Step =
  | { kind: 'open' }
  | { kind: 'close'; code: number }
  | { kind: 'fail' }
  | { kind: 'advance'; ms: number }
  | { kind: 'message' }
  | { kind: 'request' }
  | { kind: 'subscribe' }
  | { kind: 'reconnect' }
  | { kind: 'userClose' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'open' as const }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(1000, 1001, 1002, 1006, 1008, 1011, 4000)
      .map((code) => ({ kind: 'close' as const, code })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'fail' as const }) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 40_000 }).map((ms) => ({ kind: 'advance' as const, ms })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'message' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'request' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'subscribe' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'userClose' as const }) },
);

describe('client invariants under any sequence of events', () => {
  it('valid transitions only, at most one live socket, every promise settles, nothing left after close', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), fc.boolean(), async (steps, nodeMode) => {
        const r = rig({
          mode: nodeMode ? 'node' : 'w3c',
          heartbeat: { type: 'ping_pong', interval: 3000, timeout: 1000 },
          retryCount: 4,
          requestTimeout: 5000,
        });
        let state: ConnectionState = 'connecting';
        r.client.on('state', ({ from, to }) => {
          expect(from).toBe(state);
          expect(CONNECTION_STATES).toContain(to);
          const allowed = (['open', 'lost', 'give_up', 'reconnect', 'close'] as const).some(
            (e) => transition(from, e) === to,
          );
          expect(allowed).toBe(true);
          state = to;
        });
        const promises: Array<Promise<unknown>> = [r.started];
        const track = (p: Promise<unknown>) => {
          p.catch(() => undefined); // settling is what is checked, not how
          promises.push(p);
        };
        for (const s of steps) {
          const live = r.sockets.sockets.filter((x) => x.readyState < 2);
          expect(live.length).toBeLessThanOrEqual(1);
          const socket = r.sockets.last;
          if (s.kind === 'open' && socket.readyState === 0) socket.open();
          else if (s.kind === 'close' && socket.readyState === 1) socket.serverClose(s.code);
          else if (s.kind === 'fail' && socket.readyState < 2) socket.fail();
          else if (s.kind === 'advance') await r.clock.advance(s.ms);
          else if (s.kind === 'message' && socket.readyState === 1) socket.receive({ tick: 1 });
          else if (s.kind === 'request') track(r.client.request('x'));
          else if (s.kind === 'subscribe') track(r.client.subscribe('ch'));
          else if (s.kind === 'reconnect') track(r.client.reconnect());
          else if (s.kind === 'userClose') track(r.client.close());
          await r.clock.flush();
          expect(r.client.getState()).toBe(state);
        }
        await r.client.close();
        expect(r.client.getState()).toBe('closed');
        const settled = await Promise.race([
          Promise.allSettled(promises).then(() => true),
          new Promise((resolve) => setTimeout(() => resolve(false), 1000)),
        ]);
        expect(settled).toBe(true);
        expect(r.clock.pending).toBe(0);
        expect(r.client.getStateMetrics().pendingRequestsSize).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
