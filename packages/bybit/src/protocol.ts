import type { JsonObject, Protocol, Settlement } from '@zen-websocket/core';
import { BybitError } from './errors.js';

/** Which Bybit v5 endpoint a connection speaks to. */
export type BybitEndpoint = 'public' | 'private' | 'trade';

/** Bybit's application-level ping, sent every heartbeat interval (Bybit asks for one every 20 s). */
const PING = { op: 'ping' };

const numeric = (id: unknown): number | undefined =>
  typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : typeof id === 'number' ? id : undefined;

/**
 * Bybit v5's dialect for core's client. Streams (`public`, `private`): `{"op","args","req_id"}` out,
 * `{"success","ret_msg","conn_id","req_id","op"}` back. Trade (`/v5/trade`): `{"reqId","header","op","args"}`
 * out, `{"reqId","retCode","retMsg","op","data","header"}` back; `request(op, { header, args })`. A reply to
 * `auth` without an id (Bybit echoes ids only when sent; some deployments drop it) is matched to the auth in
 * flight. Pongs (`op: "pong"`, or `op: "ping"` with `ret_msg: "pong"`) are heartbeats, never messages. At most
 * `argsLimit` topics go in one subscribe (restores are batched to it).
 *
 * @example
 * connect('wss://stream.bybit.com/v5/public/linear', { protocol: bybitProtocol('public'), heartbeat: { type: 'protocol', interval: 20_000 } })
 */
export function bybitProtocol(endpoint: BybitEndpoint, argsLimit = 10): Protocol {
  let auth: number | undefined;
  const idKey = endpoint === 'trade' ? 'reqId' : 'req_id';
  const request = (op: string, params: unknown, id: number): JsonObject => {
    if (op === 'auth') auth = id;
    if (endpoint === 'trade' && op !== 'auth') {
      const { header, args } = (params ?? {}) as { header?: unknown; args?: unknown };
      return { [idKey]: String(id), header, op, args };
    }
    return params === undefined ? { [idKey]: String(id), op } : { [idKey]: String(id), op, args: params };
  };
  return {
    name: 'bybit',
    restoreBatchSize: argsLimit,
    request,
    settle(reply, op): Settlement {
      if (reply.op === 'auth') auth = undefined;
      if (reply.op === 'pong') return { ok: true, value: reply }; // a ping sent with an id: its pong (private: server time in args)
      if ('retCode' in reply) {
        const retCode = Number(reply.retCode);
        return retCode === 0
          ? { ok: true, value: reply }
          : { ok: false, error: new BybitError(retCode, String(reply.retMsg ?? ''), reply, op) };
      }
      return reply.success === true
        ? { ok: true, value: reply }
        : { ok: false, error: new BybitError(undefined, String(reply.ret_msg ?? ''), reply, op) };
    },
    subscribe: (topics, id) => request('subscribe', [...topics], id),
    unsubscribe: (topics, id) => request('unsubscribe', [...topics], id),
    confirmed: (_result, requested) => requested,
    outboundSubscription(message) {
      const op = message.op;
      if ((op !== 'subscribe' && op !== 'unsubscribe') || !Array.isArray(message.args)) return undefined;
      return { op, channels: message.args.filter((a): a is string => typeof a === 'string') };
    },
    idOf(message) {
      if ('topic' in message) return undefined;
      const id = numeric(message[idKey]);
      return id === undefined && message.op === 'auth' ? auth : id;
    },
    heartbeatKind: (message) =>
      message.op === 'pong' || (message.op === 'ping' && message.ret_msg === 'pong') ? 'pong' : undefined,
    heartbeat: { probe: PING, reply: () => undefined },
  };
}
