// The venue's wire dialect, as core's `Protocol`. "Acme" (the template venue) speaks:
//   out:  {"op":"subscribe","id":7,"args":["trades.BTC"]}      {"op":"ping"}
//   back: {"id":7,"ok":true,"result":…} | {"id":7,"ok":false,"error":{"code":429,"msg":"…"}}
//         {"topic":"trades.BTC","data":…}                      {"op":"pong"}
import { type JsonObject, type Protocol, RpcError } from '@zen-websocket/core';

/** An error reply from Acme: keeps the venue's `code` and `msg` (as `venueCode`/`venueMsg`, and `rpcCode`/`rpcMessage`). */
export class AcmeError extends RpcError {
  readonly venueCode: number;
  readonly venueMsg: string;
  constructor(code: number, msg: string, reply: JsonObject, op?: string) {
    super(code, msg, reply, op);
    this.venueCode = code;
    this.venueMsg = msg;
  }
  override get name(): string {
    return 'AcmeError';
  }
}

/** Topics per subscribe message: the venue's documented limit. Restores are batched to it too. */
export const ARGS_LIMIT = 5;

/** Acme's dialect for core's client. */
export function acmeProtocol(): Protocol {
  const request = (op: string, args: unknown, id: number): JsonObject =>
    args === undefined ? { op, id } : { op, id, args };
  return {
    name: 'acme',
    restoreBatchSize: ARGS_LIMIT,
    request,
    settle(reply, op) {
      if (reply.ok === true) return { ok: true, value: reply.result };
      const e = (reply.error ?? {}) as { code?: number; msg?: string };
      return { ok: false, error: new AcmeError(e.code ?? -1, e.msg ?? 'refused', reply, op) };
    },
    subscribe: (topics, id) => request('subscribe', [...topics], id),
    unsubscribe: (topics, id) => request('unsubscribe', [...topics], id),
    confirmed: (_result, requested) => requested,
    outboundSubscription: () => undefined,
    // replies carry a numeric id; notifications carry a topic and never count as replies
    idOf: (m) => (typeof m.id === 'number' && !('topic' in m) ? m.id : undefined),
    // pongs are heartbeats: consumed by core's heartbeat, never emitted as messages
    heartbeatKind: (m) => (m.op === 'pong' ? 'pong' : undefined),
    heartbeat: { probe: { op: 'ping' } },
  };
}
