import type { Client } from '@zen-websocket/core';
import { loadPaperEngine } from '@zen-websocket/core/internal';
import { BybitError } from './errors.js';
import type { BybitPaperOptions } from './paper-types.js';
import type { BybitMessage, BybitOrderResult } from './types.js';

/** What the Bybit client routes through when `paper` is on (implemented in `@zen-websocket/testing/paper`). */
export interface BybitPaper {
  handles(topic: string): boolean;
  subscribe(topics: string[]): Promise<string[]>;
  unsubscribe(topics: string[]): void;
  trade(op: string, args: Record<string, unknown>): Promise<BybitOrderResult>;
  rest<T>(path: string, query: Record<string, string>): Promise<T>;
  close(): void;
}

type PaperModule = {
  bybitPaperSession(
    pub: Client,
    o: BybitPaperOptions & { category: string },
    route: (m: BybitMessage) => void,
    toError: (code: number, msg: string, reply: Record<string, unknown>, op: string) => Error,
  ): BybitPaper;
};

/**
 * Loads the paper engine (`@zen-websocket/testing/paper`) and wires it to the public connection; a `TypeError`
 * naming the package when it is not installed.
 */
export async function bybitPaper(
  pub: Client,
  options: BybitPaperOptions & { category: string },
  route: (m: BybitMessage) => void,
): Promise<BybitPaper> {
  const mod = await loadPaperEngine<PaperModule>('createBybitClient');
  return mod.bybitPaperSession(pub, options, route, (code, msg, reply, op) => new BybitError(code, msg, reply, op));
}
