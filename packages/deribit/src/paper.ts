import type { Client, RpcError } from '@zen-websocket/core';
import { withReason } from './errors.js';
import type { DeribitPaperOptions } from './paper-types.js';
import type { Params } from './types.js';

/** What the Deribit client routes through when `paper` is on (implemented in `@zen-websocket/testing/paper`). */
export interface DeribitPaper {
  handles(method: string): boolean;
  request<T>(method: string, params?: Params): Promise<T>;
  subscribe(channels: string[], options?: { timeout?: number }): Promise<string[]>;
  unsubscribe(channels: string[]): Promise<void>;
  onNotification(handler: (message: Record<string, unknown>) => void): void;
  sendMessage(send: (data: unknown) => Promise<unknown>): (data: unknown) => Promise<unknown>;
  close(): void;
}

type PaperModule = {
  deribitPaperSession(core: Client, o: DeribitPaperOptions, toError: (e: RpcError) => Error): DeribitPaper;
};

// Built at run time so no bundler pulls the engine into the adapter: it loads only when `paper` is on.
const ENGINE_MODULE = ['@zen-websocket', 'testing', 'paper'].join('/');

/**
 * Loads the paper engine (`@zen-websocket/testing/paper`) and wires it to the live connection; a `TypeError`
 * naming the package when it is not installed.
 */
export async function deribitPaper(core: Client, options: DeribitPaperOptions): Promise<DeribitPaper> {
  const mod = (await import(/* @vite-ignore */ ENGINE_MODULE).catch((cause: unknown) => {
    throw new TypeError(
      `createDeribitClient: options.paper needs the engine in ${ENGINE_MODULE} (npm install @zen-websocket/testing)`,
      { cause },
    );
  })) as PaperModule;
  return mod.deribitPaperSession(core, options, withReason);
}
