// Type-level tests: the event maps and the public API are typed, and mistakes fail to compile. The checks run
// in `tsc` (the typecheck suite of `npm test`): each @ts-expect-error line fails it if the mistake ever compiles.
// The bodies are never executed; vitest only sees that they exist.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Client,
  ConnectionState,
  HeartbeatEvent,
  LatencyStats,
  ReconnectInfo,
  StateChange,
  Telemetry,
  ZenError,
} from '../src/index.js';

/** Type checks over a client and a telemetry bus, compiled but never run. */
const typeChecks = (check: (client: Client, bus: Telemetry) => void) => expectTypeOf(check).toBeFunction();

describe('typed events', () => {
  it('gives each event its payload type', () =>
    typeChecks((client) => {
      client.on('state', (s) => expectTypeOf(s).toEqualTypeOf<StateChange>());
      client.on('reconnect', (r) => expectTypeOf(r).toEqualTypeOf<ReconnectInfo>());
      client.on('binary', (b) => expectTypeOf(b).toEqualTypeOf<Uint8Array>());
      client.on('error', (e) => expectTypeOf(e).toEqualTypeOf<ZenError>());
      client.on('heartbeat', (h) => expectTypeOf(h).toEqualTypeOf<HeartbeatEvent>());
      client.on('unmatched_response', (m) => expectTypeOf(m).toEqualTypeOf<Record<string, unknown>>());
      expectTypeOf(client.on('message', () => undefined)).toEqualTypeOf<() => void>();
    }));

  it('rejects unknown events and wrong handler types at compile time', () =>
    typeChecks((client, bus) => {
      // @ts-expect-error: no such event
      client.on('mesage', () => undefined);
      // @ts-expect-error: a state handler gets a StateChange, not a string
      client.on('state', (s: string) => s);
      // @ts-expect-error: no such telemetry event
      bus.on('connection.upgarde', () => undefined);
      bus.on('connection.upgrade', (e) => expectTypeOf(e).toEqualTypeOf<{ connectTimeMs: number; url: string }>());
    }));
});

describe('typed API', () => {
  it('types the methods', () =>
    typeChecks((client) => {
      expectTypeOf(client.getState()).toEqualTypeOf<ConnectionState>();
      expectTypeOf(client.getLatencyStats()).toEqualTypeOf<LatencyStats | null>();
      expectTypeOf(client.request<number>('public/get_time')).toEqualTypeOf<Promise<number>>();
      expectTypeOf(client.subscribe(['a'])).toEqualTypeOf<Promise<string[]>>();
      expectTypeOf(client.close()).toEqualTypeOf<Promise<void>>();
      // @ts-expect-error: request needs a method name
      void client.request();
    }));
});
