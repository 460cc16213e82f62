/** Requests on `zen.<venue>.rpc`: the gateway's side (execution once per id) and the error body of a reply. */

import type { Msg } from '@nats-io/nats-core';
import { RequestError, RpcError, ZenError } from '@zen-websocket/core';
import type { RpcBody, RpcErrorBody, VenueConnection } from './gateway-types.js';
import { decodeJson, encodeJson } from './shared.js';

/** A failure as the `error` half of a reply. */
export function errorBody(error: unknown): RpcErrorBody {
  if (error instanceof RpcError)
    return {
      code: 'rpc_error',
      message: error.rpcMessage,
      sent: true,
      outcome: 'rejected',
      rpcCode: error.rpcCode,
      ...(error.data === undefined ? {} : { data: error.data }),
    };
  if (error instanceof RequestError)
    return { code: error.code, message: error.message, sent: error.sent, outcome: error.outcome };
  const e = error as { code?: unknown; message?: unknown; rpcCode?: unknown; retCode?: unknown } | null;
  // venue errors that are not RpcErrors (Binance, Bybit) still mean the venue answered
  const venueCode = typeof e?.rpcCode === 'number' ? e.rpcCode : typeof e?.retCode === 'number' ? e.retCode : undefined;
  if (venueCode !== undefined)
    return { code: 'rpc_error', message: String(e?.message), sent: true, outcome: 'rejected', rpcCode: venueCode };
  const code = error instanceof ZenError ? error.code : 'connection_error';
  return { code, message: String(e?.message ?? error), sent: true, outcome: 'unknown' };
}

const notSent = (code: string, message: string): Uint8Array =>
  encodeJson({ error: { code, message, sent: false, outcome: 'not_sent' } satisfies RpcErrorBody });

/**
 * Executes `zen.<venue>.rpc` requests on the owner's venue connection and replies `{ result }` or `{ error }`.
 * Each request id runs once: a repeat (the same NATS message delivered again, or a client re-sending its order
 * with the same id) waits for and gets the first answer. Refused unsent when this gateway does not hold a valid
 * lease (fenced) or the request's deadline passed before it arrived.
 */
export class RequestDesk {
  readonly #replies = new Map<string, Promise<Uint8Array>>();

  constructor(
    /** The venue connection while the lease is valid, else undefined. */
    private readonly client: () => VenueConnection | undefined,
    private readonly who: () => string,
  ) {}

  async answer(msg: Msg): Promise<void> {
    const body = decodeJson(msg.data) as RpcBody | undefined;
    const reply = (value: Uint8Array): void => {
      if (msg.reply) msg.respond(value);
    };
    if (!body || typeof body.method !== 'string')
      return reply(notSent('bad_frame', 'a request needs { method, params }'));
    const id = typeof body.id === 'string' ? body.id : undefined;
    const known = id === undefined ? undefined : this.#replies.get(id);
    if (known) return reply(await known);
    const work = this.#execute(body);
    if (id !== undefined) {
      this.#replies.set(id, work);
      if (this.#replies.size > 10_000) this.#replies.delete(this.#replies.keys().next().value as string);
    }
    reply(await work);
  }

  async #execute(body: RpcBody): Promise<Uint8Array> {
    const client = this.client();
    if (!client) return notSent('not_connected', `${this.who()} does not own the venue now`);
    if (typeof client.request !== 'function')
      return notSent('not_connected', `the venue connection of ${this.who()} takes no requests`);
    const remaining = typeof body.deadline === 'number' ? body.deadline - Date.now() : undefined;
    if (remaining !== undefined && remaining <= 0)
      return notSent('request_timeout', 'the request reached the gateway after its deadline; it was not sent');
    try {
      const result = await client.request(
        body.method,
        body.params ?? undefined,
        remaining === undefined ? undefined : { timeout: remaining },
      );
      return encodeJson({ result: result ?? null });
    } catch (error) {
      return encodeJson({ error: errorBody(error) });
    }
  }
}
