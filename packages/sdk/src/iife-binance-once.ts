/**
 * Throws when a Binance script-tag add-on is loaded on a page that already has one (`ZenWebsocket.binance`):
 * each defines its own `BinanceError` class, so a second one would make `instanceof` checks depend on which
 * script threw. Load `zen-websocket.binance.iife.min.js` for both halves, or one half alone.
 */
export function binanceOnce(script: string): void {
  if ((globalThis as { ZenWebsocket?: { binance?: { BinanceError?: unknown } } }).ZenWebsocket?.binance?.BinanceError)
    throw new Error(
      `${script}: a Binance add-on is already loaded (for both halves, load zen-websocket.binance.iife.min.js alone)`,
    );
}
