// Where an entry's bytes come from: bundles one source entry with esbuild (browser, minified, from the sources
// through the root tsconfig's paths) and prints the minified bytes each input file contributes, largest first,
// with the whole bundle's raw and gzip size. A quick guide for trimming; `npm run size` (the real builds) is the
// figure that counts. Usage:
//   node scripts/size-breakdown.mjs [entry] [--top N]
//   entry: a source file (default packages/sdk/src/iife.ts, the script tag) or a preset: iife, core, dashboard
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PRESETS = {
  iife: 'packages/sdk/src/iife.ts',
  core: 'packages/core/src/index.ts',
  dashboard: [
    "import { connect } from 'zen-websocket';",
    "import { createDeribitClient } from '@zen-websocket/deribit';",
    "import { createRateLimiter } from '@zen-websocket/core/limiter';",
    'console.log(connect, createDeribitClient, createRateLimiter);',
  ].join('\n'),
};

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 40;
const named = args.find((a, i) => !a.startsWith('--') && i !== topAt + 1) ?? 'iife';
const entry = PRESETS[named] ?? named;
const isSource = entry.includes('\n');

const result = buildSync({
  ...(isSource
    ? { stdin: { contents: entry, resolveDir: root, loader: 'js' } }
    : { entryPoints: [path.resolve(root, entry)] }),
  bundle: true,
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
});

const [output] = Object.values(result.metafile.outputs);
const rows = Object.entries(output.inputs)
  .map(([file, { bytesInOutput }]) => [file.replace(/^packages\//, ''), bytesInOutput])
  .filter(([, bytes]) => bytes > 0)
  .sort((a, b) => b[1] - a[1]);
const bytes = result.outputFiles[0].contents;
const width = Math.max(...rows.slice(0, top).map(([f]) => f.length));
for (const [file, n] of rows.slice(0, top)) console.log(`${file.padEnd(width)}  ${String(n).padStart(7)}`);
if (rows.length > top)
  console.log(`… ${rows.length - top} more files, ${rows.slice(top).reduce((s, r) => s + r[1], 0)} B`);
console.log(`${isSource ? named : entry}: ${bytes.length} B minified, ${gzipSync(bytes, { level: 9 }).length} B gzip`);
