// Where an entry's bytes come from: bundles one source entry with esbuild (browser, minified, from the sources
// through the root tsconfig's paths) and prints the minified bytes each input file contributes, largest first,
// with the whole bundle's raw and gzip size. Page builds (every preset but `core`) leave out core's Node-only parts,
// as the real ones do (scripts/node-stand-ins.mjs). A quick guide for trimming; `npm run size` (the real builds) is the
// figure that counts. Usage:
//   node scripts/size-breakdown.mjs [entry] [--top N] [--out FILE] [--chunks]   (--out: writes the up-front bytes)
//   entry: a source file (default packages/sdk/src/iife.ts, the script tag) or a preset: iife, core, dashboard
// With code splitting, as `npm run size` measures ESM entries: only the chunks loaded up front are counted (what an
// entry imports with `import()` is not). `zen-websocket` and its subpaths resolve to their browser sources.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { nodeStandIn } from './node-stand-ins.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PRESETS = {
  iife: 'packages/sdk/src/iife.ts',
  core: 'packages/core/src/index.ts',
  dashboard: [
    "import { connect } from 'zen-websocket';",
    "import { createDeribitClient } from 'zen-websocket/deribit';",
    "import { createRateLimiter } from 'zen-websocket/limiter';",
    'console.log(connect, createDeribitClient, createRateLimiter);',
  ].join('\n'),
};

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 40;
const named = args.find((a, i) => !a.startsWith('--') && !['--top', '--out'].includes(args[i - 1] ?? '')) ?? 'iife';
const entry = PRESETS[named] ?? named;
const isSource = entry.includes('\n');

/** The browser sources of the `zen-websocket` paths an application imports (the root tsconfig maps Node's). */
const BROWSER = {
  'zen-websocket': 'packages/sdk/src/web.ts',
  'zen-websocket/deribit': 'packages/sdk/src/venues/deribit-web.ts',
  'zen-websocket/binance': 'packages/sdk/src/venues/binance-web.ts',
  'zen-websocket/bybit': 'packages/sdk/src/venues/bybit-web.ts',
  'zen-websocket/limiter': 'packages/sdk/src/limiter.ts',
  'zen-websocket/pool': 'packages/sdk/src/pool.ts',
  'zen-websocket/book': 'packages/sdk/src/book.ts',
};

const coreSrc = path.join(root, 'packages', 'core', 'src');
/** For page builds (every preset but `core`, the Node-and-browser entry): core without its Node-only parts. */
const standIns = {
  name: 'node-stand-ins',
  setup(b) {
    b.onResolve({ filter: /^\.\/(node-socket|system-errors)\.js$/ }, (a) => {
      const file = nodeStandIn(a.path, a.importer, coreSrc);
      return file ? { path: file } : undefined;
    });
  },
};

const result = await build({
  ...(isSource
    ? { stdin: { contents: entry, resolveDir: root, loader: 'js' } }
    : { entryPoints: [path.resolve(root, entry)] }),
  bundle: true,
  splitting: true,
  outdir: path.join(root, '.size-app'),
  alias: Object.fromEntries(Object.entries(BROWSER).map(([name, file]) => [name, path.join(root, file)])),
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  metafile: true,
  write: false,
  logLevel: 'silent',
  tsconfig: path.join(root, 'tsconfig.json'),
  // what the real browser builds map away or load lazily
  external: ['ws', 'node:*', '@noble/*'],
  plugins: named === 'core' ? [] : [standIns],
});

// The entry's chunk and every chunk it imports statically: what the page loads before running.
const outputs = result.metafile.outputs;
const upFront = new Set();
const visit = (key) => {
  if (upFront.has(key)) return;
  upFront.add(key);
  for (const i of outputs[key].imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
};
visit(Object.keys(outputs).find((key) => outputs[key].entryPoint !== undefined));
const perInput = new Map();
for (const key of upFront)
  for (const [file, { bytesInOutput }] of Object.entries(outputs[key].inputs))
    perInput.set(file, (perInput.get(file) ?? 0) + bytesInOutput);
const rows = [...perInput]
  .map(([file, bytes]) => [file.replace(/^packages\//, ''), bytes])
  .filter(([, bytes]) => bytes > 0)
  .sort((a, b) => b[1] - a[1]);
const byPath = new Map(result.outputFiles.map((f) => [path.relative(root, f.path), f.contents]));
const bytes = Buffer.concat([...upFront].map((key) => Buffer.from(byPath.get(key))));
const width = Math.max(...rows.slice(0, top).map(([f]) => f.length));
for (const [file, n] of rows.slice(0, top)) console.log(`${file.padEnd(width)}  ${String(n).padStart(7)}`);
if (rows.length > top)
  console.log(`… ${rows.length - top} more files, ${rows.slice(top).reduce((s, r) => s + r[1], 0)} B`);
// --chunks: each up-front file, its bytes, the bytes of its cross-chunk import/export lists, and the lazy chunks that
// import it (a file shared with a lazy chunk is why esbuild split it out of the entry: docs/architecture.md "Size").
if (args.includes('--chunks'))
  for (const key of upFront) {
    const text = Buffer.from(byPath.get(path.relative(root, path.resolve(root, key)))).toString();
    const glue = (text.match(/import\{[^}]*\}from"[^"]*";?|export\{[^}]*\};?|import"[^"]*";?/g) ?? []).join('');
    const lazy = Object.keys(outputs).filter(
      (other) => !upFront.has(other) && outputs[other].imports.some((i) => i.path === key),
    );
    console.log(
      `${key}: ${text.length} B, glue ${glue.length} B${lazy.length ? `, shared with ${lazy.join(', ')}` : ''}`,
    );
  }
const outAt = args.indexOf('--out');
if (outAt >= 0) writeFileSync(args[outAt + 1], bytes);
console.log(`${isSource ? named : entry}: ${bytes.length} B minified, ${gzipSync(bytes, { level: 9 }).length} B gzip`);
