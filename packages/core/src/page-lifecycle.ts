import type { LifecycleSignal, LifecycleSource } from './connect-options.js';

type Target = {
  addEventListener(type: string, fn: () => void): void;
  removeEventListener(type: string, fn: () => void): void;
};

/**
 * Page and network signals from `window` and `document`, attached when a client starts (never at import):
 * `online`/`offline`, `visibilitychange` (as `visible`/`hidden`), `pagehide`/`pageshow`. Where the runtime
 * has no such events (Deno, Bun, workers without `document`), nothing fires and nothing breaks.
 */
export const browserLifecycle: LifecycleSource = (emit) => {
  const g = globalThis as unknown as Partial<Target> & { document?: Partial<Target> & { visibilityState?: string } };
  const offs: Array<() => void> = [];
  const on = (target: Partial<Target> | undefined, type: string, signal: () => LifecycleSignal) => {
    if (typeof target?.addEventListener !== 'function') return;
    const fn = () => emit(signal());
    target.addEventListener(type, fn);
    offs.push(() => target.removeEventListener?.(type, fn));
  };
  for (const type of ['online', 'offline', 'pagehide', 'pageshow'] as const) on(g, type, () => type);
  on(g.document, 'visibilitychange', () => (g.document?.visibilityState === 'hidden' ? 'hidden' : 'visible'));
  return () => {
    for (const off of offs) off();
  };
};
