import type { Client, RpcError } from '@zen-websocket/core';
import { loadPaperEngine } from '@zen-websocket/core/internal';
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

/**
 * Loads the paper engine (`@zen-websocket/testing/paper`) and wires it to the live connection; a `TypeError`
 * naming the package when it is not installed.
 */
export async function deribitPaper(core: Client, options: DeribitPaperOptions): Promise<DeribitPaper> {
  const mod = await loadPaperEngine<PaperModule>('createDeribitClient');
  return mod.deribitPaperSession(core, options, withReason);
}
