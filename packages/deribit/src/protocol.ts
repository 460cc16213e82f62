import { jsonRpc, type Protocol, type RpcError } from '@zen-websocket/core';
import { withReason } from './errors.js';

/** Deribit's wire dialect, plus the clock offset it measures from every reply. */
export interface DeribitProtocol extends Protocol {
  /** Server clock minus local clock, ms (undefined before the first timed reply). */
  offset(): number | undefined;
}

/** Deribit's liveness for core's `heartbeat: { type: 'protocol' }`: probe with `public/test`, and answer the server's `test_request` with it. */
const TEST = { jsonrpc: '2.0', method: 'public/test', params: {} };
const DERIBIT_HEARTBEAT = { probe: TEST, reply: (kind: string) => (kind === 'test_request' ? TEST : undefined) };

const dialect = (channels: readonly string[]) => (channels.some((c) => c.startsWith('user.')) ? 'private/' : 'public/');

/**
 * JSON-RPC 2.0 as Deribit speaks it: `private/subscribe` / `private/unsubscribe` whenever a batch holds a
 * private (`user.*`) channel, `public/…` otherwise; restores in batches of 100 channels (≈ 4–8 kB, well under
 * the 32 kB frame limit). Each reply's `usIn`/`usOut` (µs, number or numeric string) against the local send and
 * receive times gives the clock offset, NTP style. Error replies carry Deribit's reason (`data`) in their
 * message; `onError` sees each one.
 */
export function deribitProtocol(onError: (error: RpcError) => void): DeribitProtocol {
  const base = jsonRpc();
  const sent = new Map<unknown, number>();
  let offset: number | undefined;
  const request = (method: string, params: unknown, id: number) => {
    sent.set(id, Date.now());
    if (sent.size > 256) sent.delete(sent.keys().next().value);
    return base.request(method, params, id);
  };
  return {
    ...base,
    name: 'deribit',
    heartbeat: DERIBIT_HEARTBEAT,
    request,
    subscribe: (channels, id) => request(`${dialect(channels)}subscribe`, { channels }, id),
    unsubscribe: (channels, id) => request(`${dialect(channels)}unsubscribe`, { channels }, id),
    settle(reply, method) {
      const t0 = sent.get(reply.id);
      const usIn = Number(reply.usIn);
      const usOut = Number(reply.usOut);
      sent.delete(reply.id);
      if (t0 !== undefined && usIn > 0 && usOut > 0) offset = (usIn / 1e3 - t0 + usOut / 1e3 - Date.now()) / 2;
      const settled = base.settle(reply, method);
      if (!settled.ok) onError(withReason(settled.error));
      return settled;
    },
    // `private/(un)subscribe` is the same operation as the base dialect's `public/…`
    outboundSubscription: (message) =>
      base.outboundSubscription?.({ ...message, method: String(message.method).replace('private/', 'public/') }),
    offset: () => offset,
  };
}
