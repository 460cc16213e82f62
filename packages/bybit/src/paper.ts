import type { BybitError } from './errors.js';
import type { BybitMessage } from './types.js';

/**
 * What the Bybit client routes through when `paper` is on (implemented in `@zen-websocket/testing/paper`): it
 * stands for the private and trade connections, so the client sends private topics and trade ops to it as to
 * those, and every public message passes through its `route` (feeding the engine the traded books).
 */
export interface BybitPaper {
  route(message: BybitMessage): void;
  subscribe(topics: string[]): Promise<string[]>;
  unsubscribe(topics: string[]): void;
  request<T>(op: string, params: object): Promise<T>;
  get<T>(path: string, query: Record<string, string>): Promise<T>;
  close(): void;
}

/** What the session needs from the client. */
interface PaperLink {
  route(message: BybitMessage): void;
  subscribe(topic: string): Promise<unknown>;
  Refusal: typeof BybitError;
}

/** `@zen-websocket/testing/paper` as the client uses it. */
export type BybitPaperModule = {
  /** Checks the `paper` option (before any connection opens) and makes the session. */
  bybitPaperSession(paper: unknown, category: string, link: PaperLink): BybitPaper;
};
