import type { LifecycleSource } from '@zen-websocket/core';
import { browserLifecycle as pageSignals } from '@zen-websocket/core/internal';

/**
 * Page and network signals from `window` and `document`, attached when a client starts (never at import):
 * `online`/`offline`, `visibilitychange` (as `visible`/`hidden`), `pagehide`/`pageshow`. Where the runtime
 * has no such events (Deno, Bun, workers without `document`), nothing fires and nothing breaks.
 *
 * `connect` in this build uses it by default, and so does every client on the page's own `WebSocket` (the
 * browser socket factories carry it as `lifecycle`). Pass it yourself to a venue client given your own
 * `socketFactory` (Binance: in `connect`) so that it follows the page too (see docs/runtimes.md).
 *
 * @example
 * import { browserLifecycle } from 'zen-websocket';
 * import { createDeribitClient } from '@zen-websocket/deribit';
 *
 * const socketFactory = (url: string, init: { protocols: readonly string[] }) => new WebSocket(url, [...init.protocols]);
 * const deribit = await createDeribitClient({ socketFactory, lifecycle: browserLifecycle });
 */
export const browserLifecycle: LifecycleSource = pageSignals;
