// Built at run time so no bundler pulls the engine into an adapter: it loads only when `paper` is on.
const ENGINE_MODULE = ['@zen-websocket', 'testing', 'paper'].join('/');

/**
 * Loads the paper-trading engines (`@zen-websocket/testing/paper`) for a venue adapter's `paper` option; a
 * `TypeError` naming `factory` and the package when it is not installed.
 *
 * @example
 * const { binancePaperSession } = await loadPaperEngine<PaperModule>('createBinanceApi');
 */
export async function loadPaperEngine<T>(factory: string): Promise<T> {
  return (await import(/* @vite-ignore */ ENGINE_MODULE).catch((cause: unknown) => {
    throw new TypeError(
      `${factory}: options.paper needs the engine in ${ENGINE_MODULE} (npm install @zen-websocket/testing)`,
      { cause },
    );
  })) as T;
}
