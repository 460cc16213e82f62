import type { Client } from '@zen-websocket/core';
import { BybitError } from './errors.js';

/**
 * The offset (server minus local clock, ms) a Bybit client signs with: auth `expires` and the trade API's
 * `X-BAPI-TIMESTAMP` are `Date.now() + offset`. Measured with a ping on a private or trade connection (Bybit's
 * pong there carries the server time), timed like NTP.
 */
export interface SigningClock {
  /** The offset in use, ms (0 until measured). */
  readonly offsetMs: number;
  /** Whether the client measures it itself (`syncTime`, not pinned by `clockOffsetMs`). */
  readonly auto: boolean;
  /** Whether a measurement has been taken (or the offset pinned). */
  readonly known: boolean;
  /** The local clock moved by the offset: the server's time as best known, ms. */
  now(): number;
  /** Measures on `c` and keeps the result; resolves with the offset (unchanged when the pong carries no time). */
  measure(c: Client): Promise<number>;
}

/** A clock pinned to `pinned` ms, or measured (`auto`), or fixed at 0 (neither). */
export function signingClock(auto: boolean, pinned: number | undefined): SigningClock {
  const clock = {
    offsetMs: pinned ?? 0,
    auto: auto && pinned === undefined,
    known: pinned !== undefined,
    now: () => Math.round(Date.now() + clock.offsetMs),
    async measure(c: Client) {
      const measured = await pingOffset(c);
      if (measured !== undefined) {
        clock.offsetMs = measured;
        clock.known = true;
      }
      return clock.offsetMs;
    },
  };
  return clock;
}

/**
 * Server minus local clock, ms, from one ping on a private (or trade) connection: Bybit's pong there carries the
 * server time in `args[0]` (or `data[0]`); the offset is taken at the midpoint of the round trip. Undefined
 * without a time.
 */
export async function pingOffset(connection: Client): Promise<number | undefined> {
  const start = Date.now();
  const { args, data } = await connection.request<{ args?: unknown[]; data?: unknown[] }>('ping');
  const server = Number((args ?? data)?.[0]);
  return Number.isFinite(server) && server > 0 ? server - (start + Date.now()) / 2 : undefined;
}

/**
 * `10002`: the trade API refused `X-BAPI-TIMESTAMP` (outside `recvWindow` or ahead of the server). `skewMs` is the
 * server-minus-local offset measured right after the refusal; later requests sign with it. The order was not
 * accepted and is not sent again.
 */
export class BybitClockSkewError extends BybitError {
  readonly skewMs: number;

  constructor(error: BybitError, skewMs: number) {
    super(error.retCode, error.retMsg, error.data as Record<string, unknown>, error.method);
    this.skewMs = skewMs;
    this.message += ` (clock skew ${Math.round(skewMs)} ms)`;
  }

  override get name(): string {
    return 'BybitClockSkewError';
  }
}
