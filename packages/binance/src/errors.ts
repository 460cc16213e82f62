import { RpcError } from '@zen-websocket/core';

/** One entry of a WebSocket API response's `rateLimits`. */
export interface RateLimit {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS' | (string & {});
  interval: 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | (string & {});
  intervalNum: number;
  limit: number;
  count: number;
}

/**
 * An error reply from Binance. `rpcCode` is Binance's `code` (e.g. -2010), `rpcMessage` (also `msg`) its `msg`,
 * `data` its `data`; the message carries the reason: `order.place failed: Account has insufficient balance for
 * requested action. (code -2010)`. `status` (WebSocket API only) follows HTTP: 400 rejected, 429 rate limited,
 * 418 banned, 5xx outcome unknown. `code` is zen-websocket's own string code, `'rpc_error'`.
 */
export class BinanceError extends RpcError {
  /** The response's `status` (WebSocket API), undefined for stream control replies. */
  declare readonly status: number | undefined;
  declare readonly rateLimits: RateLimit[] | undefined;
  /** With 429/418: epoch ms after which requests are accepted again. */
  declare readonly retryAfter: number | undefined;
  /** Stream control replies: the streams of the refused SUBSCRIBE or UNSUBSCRIBE. */
  declare readonly streams: readonly string[] | undefined;

  constructor(
    code: number,
    msg: string,
    reply: Record<string, unknown> = {},
    method?: string,
    streams?: readonly string[],
  ) {
    const data = (reply.error as { data?: { retryAfter?: number } } | undefined)?.data;
    super(code, msg, data, method);
    this.status = reply.status as number | undefined;
    this.rateLimits = reply.rateLimits as RateLimit[] | undefined;
    this.retryAfter = data?.retryAfter;
    this.streams = streams;
    if (streams) this.message = `${method ?? 'SUBSCRIBE'} ${streamList(streams)} failed: ${msg} (code ${code})`;
  }

  /** Binance's `msg`, as it sent it (same as `rpcMessage`). */
  get msg(): string {
    return this.rpcMessage;
  }

  override get name(): string {
    return 'BinanceError';
  }
}

/**
 * `-1021 INVALID_TIMESTAMP`: the request's timestamp was outside `recvWindow` or ahead of the server. `skewMs`
 * is the server-minus-local clock offset measured right after the rejection; later requests use it.
 */
export class ClockSkewError extends BinanceError {
  readonly skewMs: number;

  constructor(error: BinanceError, skewMs: number) {
    super(
      error.rpcCode,
      error.rpcMessage,
      { status: error.status, rateLimits: error.rateLimits, error: { data: error.data } },
      error.method,
    );
    this.skewMs = skewMs;
    this.message += ` (clock skew ${Math.round(skewMs)} ms)`;
  }

  override get name(): string {
    return 'ClockSkewError';
  }
}

/** Up to five stream names, then how many more (for messages). */
export function streamList(streams: readonly string[]): string {
  const shown = streams.slice(0, 5).join(', ');
  return streams.length > 5 ? `${shown} and ${streams.length - 5} more` : shown;
}
