// What a page's bundle (esbuild, browser, minified, code splitting: as the size script's "dashboard" row builds it)
// carries of recording. The recorder's sinks take their option check from `@zen-websocket/core/strict`, so the
// lazily loaded IndexedDB sink shares only that file with the page, and no extra chunk of core is split off.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from './build.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const OUT = path.join(root, '.page-recording');

beforeAll(() => buildOnce(), 600_000);

/** The dashboard's source: `connect` (which loads the IndexedDB sink for a `recordTo` name), Deribit, the limiter. */
const DASHBOARD = [
  "import { connect } from 'zen-websocket';",
  "import { createDeribitClient } from 'zen-websocket/deribit';",
  "import { createRateLimiter } from 'zen-websocket/limiter';",
  'console.log(connect, createDeribitClient, createRateLimiter);',
].join('\n');

/** The page's output files by name (relative to the output folder), with their metafile entries and text. */
async function pageChunks(source: string): Promise<Map<string, Metafile['outputs'][string] & { text: string }>> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    outdir: OUT,
    metafile: true,
    write: false,
    logLevel: 'silent',
    tsconfigRaw: '{}', // the installed packages' builds, not the sources the root tsconfig maps names to
  });
  const texts = new Map(result.outputFiles.map((f) => [path.relative(OUT, f.path), f.text]));
  return new Map(
    Object.entries(result.metafile.outputs).map(([file, output]) => {
      const name = path.relative(OUT, path.join(root, file));
      return [name, { ...output, text: texts.get(name) ?? '' }];
    }),
  );
}

/** Core's built files among `inputs` (paths from packages/core/dist/browser/). */
const coreFiles = (inputs: Record<string, unknown>): string[] =>
  Object.keys(inputs)
    .filter((i) => i.includes('packages/core/dist/browser/'))
    .map((i) => i.slice(i.indexOf('packages/core/dist/browser/') + 'packages/core/dist/browser/'.length));

describe("a page's recording", () => {
  it('the lazily loaded IndexedDB sink shares only the options check with the page', async () => {
    const chunks = await pageChunks(DASHBOARD);
    const sink = [...chunks.values()].find((c) =>
      Object.keys(c.inputs).some((i) => i.endsWith('packages/recorder/dist/indexeddb.js')),
    );
    expect(sink, 'the IndexedDB sink is a chunk of its own').toBeDefined();
    // core's files the sink's chunk needs up front, through the chunks it imports statically
    const shared = (sink?.imports ?? [])
      .filter((i) => i.kind === 'import-statement')
      .flatMap((i) => coreFiles(chunks.get(path.relative(OUT, path.join(root, i.path)))?.inputs ?? {}));
    expect(shared).toEqual(['strict.js']);
  });
});
