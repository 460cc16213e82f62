import type { SocketFactory } from '@zen-websocket/core';
import { loadPaperEngine } from '@zen-websocket/core/internal';
import { BinanceError } from './errors.js';
import type { BinancePaperOptions } from './paper-types.js';
import type { BinanceResponse } from './protocol.js';

/** What `createBinanceApi` routes through when `paper` is on (implemented in `@zen-websocket/testing/paper`). */
export interface BinancePaper {
  /** Whether `method` is private (answered by the engine, never sent to the venue). */
  handles(method: string): boolean;
  request<T>(method: string, params?: object): Promise<BinanceResponse<T>>;
  /** Receives user data as the venue frames it: `{ subscriptionId, event }`. */
  onEvent(handler: (message: { subscriptionId: number; event: never }) => void): void;
  /** Ends the user-data subscriptions (the connection dropped; the adapter subscribes again). */
  reset(): void;
  close(): Promise<void>;
}

type PaperModule = {
  binancePaperSession(o: BinancePaperOptions, link: PaperLink): BinancePaper;
};

/** What the engine needs from the adapter. */
export interface PaperLink {
  url: string;
  socketFactory: SocketFactory;
  /** Longest wait for a symbol's first live touch, ms. */
  timeout: number;
  /** A refusal of the engine as the adapter's `BinanceError`. */
  toError(refusal: { code: number; msg: string; status: number; data?: object | undefined }, method: string): Error;
}

/** Loads the paper engine (`@zen-websocket/testing/paper`) and wires it to the adapter. */
export async function binancePaper(
  options: BinancePaperOptions,
  link: Omit<PaperLink, 'toError'>,
): Promise<BinancePaper> {
  const mod = await loadPaperEngine<PaperModule>('createBinanceApi');
  return mod.binancePaperSession(options, {
    ...link,
    toError: (e, method) => new BinanceError(e.code, e.msg, { status: e.status, error: e }, method),
  });
}
