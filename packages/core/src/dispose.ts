/**
 * `Symbol.asyncDispose`, or where the runtime lacks it the registry symbol TypeScript's `await using` falls back
 * to. The one definition every package uses (`@zen-websocket/core/internal`), so `await using` finds the same key
 * on a client, a pool, an adapter and a test server. Read at import without touching any global.
 */
export const asyncDispose: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
  (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);
