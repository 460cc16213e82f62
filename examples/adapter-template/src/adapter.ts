// A complete venue adapter in one file: it composes core's client (no subclassing) and adds the venue's
// dialect, auth before restore, error classification, heartbeat policy, subscribe batching and order entry
// that is never replayed. Copy this folder, rename Acme, and change what your venue does differently.
import { AuthError, type Classifier, type Client, connect, type SocketFactory } from '@zen-websocket/core';
import { hmacSha256Hex } from '@zen-websocket/core/crypto';
import { AcmeError, ARGS_LIMIT, acmeProtocol } from './protocol.js';

/** Options of {@link createAcmeClient}. */
export interface AcmeOptions {
  url: string;
  apiKey?: string;
  apiSecret?: string;
  socketFactory?: SocketFactory;
  /** Ms between `{"op":"ping"}` probes (default 20 000). */
  pingInterval?: number;
  retryDelay?: number;
}

/** An Acme client. */
export interface AcmeClient {
  readonly core: Client;
  subscribe(topics: readonly string[], handler: (data: unknown, topic: string) => void): Promise<void>;
  /** Places an order. Never replayed: a drop before the reply rejects with `outcome: 'unknown'`. */
  placeOrder(order: { symbol: string; side: 'buy' | 'sell'; qty: number }): Promise<{ orderId: string }>;
  close(): Promise<void>;
}

/** Login signature: hex HMAC-SHA256 of `login` + timestamp (the venue's recipe). */
export const loginSignature = (secret: string, ts: number): Promise<string> => hmacSha256Hex(secret, `login${ts}`);

/** The venue's codes: 401 (bad key) stops the client, 429 (rate limit) backs off. */
const classify: Classifier = (error, decision) =>
  error instanceof AuthError ? 'fatal' : error instanceof AcmeError && error.venueCode === 429 ? 'backoff' : decision;

/**
 * Connects to Acme. After every (re)connection: login (fresh signature) → restore topics in batches of 5 →
 * ready. Pings every 20 s.
 */
export async function createAcmeClient(options: AcmeOptions): Promise<AcmeClient> {
  const { url, apiKey, apiSecret, socketFactory, pingInterval = 20_000, retryDelay = 1000 } = options;
  const handlers = new Map<string, (data: unknown, topic: string) => void>();
  const core = await connect(url, {
    protocol: acmeProtocol(),
    heartbeat: { type: 'protocol', interval: pingInterval, timeout: 10_000 },
    classify,
    retryDelay,
    retryCount: Number.POSITIVE_INFINITY,
    firstRetrySpread: 0,
    ...(socketFactory ? { socketFactory } : {}),
    // core runs this on every connection BEFORE it restores subscriptions
    async prepare(c) {
      if (!apiKey || !apiSecret) return;
      const ts = Date.now();
      await c.request('login', [apiKey, ts, await loginSignature(apiSecret, ts)]).catch((error: unknown) => {
        throw error instanceof AcmeError && error.venueCode === 401
          ? new AuthError('invalid_credentials', `Acme refused the key: ${error.venueMsg}`, { cause: error })
          : error;
      });
    },
    handler(m) {
      const msg = m.type === 'message' ? (m.data as { topic?: unknown; data?: unknown }) : undefined;
      if (typeof msg?.topic === 'string') handlers.get(msg.topic)?.(msg.data, msg.topic);
    },
  });
  return {
    core,
    async subscribe(topics, handler) {
      for (const t of topics) handlers.set(t, handler);
      const batches: Array<Promise<string[]>> = [];
      for (let i = 0; i < topics.length; i += ARGS_LIMIT) batches.push(core.subscribe(topics.slice(i, i + ARGS_LIMIT)));
      await Promise.all(batches);
    },
    placeOrder: (order) => core.request('order', [order]),
    close: () => core.close(),
  };
}
