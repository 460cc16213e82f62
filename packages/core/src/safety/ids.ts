/**
 * Client order ids for the venues' own idempotency fields (Deribit `label`, Binance `newClientOrderId`, Bybit
 * `orderLinkId`): `zw` + this session's start in base 36 + 4 random characters, `-`, a counter in base 36 —
 * letters, digits and one dash, at most 28 characters, so within every venue's limit (36 at the shortest).
 */

/**
 * A function returning a fresh client order id each call, unique per session and (by its time and random
 * prefix) across sessions.
 *
 * @example
 * const next = clientOrderIds();
 * next(); // 'zwmi4x8k2p7q3-1'
 */
export function clientOrderIds(now = Date.now(), random = Math.random): () => string {
  let prefix = `zw${now.toString(36)}`;
  for (let i = 0; i < 4; i++) prefix += Math.floor(random() * 36).toString(36);
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}
