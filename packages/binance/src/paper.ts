import type { SocketFactory } from '@zen-websocket/core';
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

// Built at run time so no bundler pulls the engine into the adapter: it loads only when `paper` is on.
const ENGINE_MODULE = ['@zen-websocket', 'testing', 'paper'].join('/');

/**
 * Loads the paper engine (`@zen-websocket/testing/paper`); a `TypeError` naming the package when it is not
 * installed.
 */
export async function binancePaper(
  options: BinancePaperOptions,
  link: Omit<PaperLink, 'toError'>,
): Promise<BinancePaper> {
  const mod = (await import(/* @vite-ignore */ ENGINE_MODULE).catch((cause: unknown) => {
    throw new TypeError(
      `createBinanceApi: options.paper needs the engine in ${ENGINE_MODULE} (npm install @zen-websocket/testing)`,
      { cause },
    );
  })) as PaperModule;
  return mod.binancePaperSession(options, {
    ...link,
    toError: (e, method) => new BinanceError(e.code, e.msg, { status: e.status, error: e }, method),
  });
}
