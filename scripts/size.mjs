// Size budgets (gzip level 9) for the built entry points. Run after `npm run build`.
// An ESM entry is measured bundled with the chunks it imports and minified (`raw` = minified bytes).
// Prints one row per entry, then `size: N passed, N failed`; exits 1 if any entry is missing or over budget.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const KB = 1024;

/**
 * One line per budgeted file (paths from the repo root). `budget` is the design target. `limit`, where set, is
 * a ratchet for an entry that is not yet within its budget: the check fails above the limit (so the entry can
 * only shrink) and reports the distance to the budget. Lower the limit whenever the entry shrinks; remove it
 * once the entry meets its budget.
 */
const BUDGETS = [
  { file: 'packages/core/dist/index.js', budget: 6 * KB, limit: 14 * KB },
  { file: 'packages/recorder/dist/index.js', budget: 2 * KB },
  // No DESIGN budget: opt-in entries, held to what they weigh today (they share core's error table).
  { file: 'packages/core/dist/limiter.js', budget: 6 * KB },
  { file: 'packages/core/dist/pool.js', budget: 7.5 * KB },
  { file: 'packages/deribit/dist/index.js', budget: 4 * KB },
  { file: 'packages/binance/dist/index.js', budget: 4 * KB, limit: 5.75 * KB },
  { file: 'packages/sdk/dist/zen-websocket.iife.min.js', budget: 15 * KB },
];

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * The bytes a user ships for an entry: a `.min.js` file as it is; any other ESM entry bundled with the local
 * chunks it imports and minified (dependencies stay external), as a user's bundler would.
 */
function shipped(abs) {
  if (abs.endsWith('.min.js')) return readFileSync(abs);
  const result = buildSync({
    entryPoints: [abs],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    packages: 'external',
    target: 'es2022',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    // Without this, esbuild applies the root tsconfig's `paths` (workspace names → sources) before
    // `packages: 'external'`, and bundles the sibling packages into the entry being measured.
    tsconfigRaw: '{}',
  });
  return Buffer.from(result.outputFiles[0].contents);
}

function measure({ file, budget, limit = budget }) {
  const abs = path.join(root, file);
  if (!existsSync(abs)) return { file, budget, missing: true, ok: false };
  const bytes = shipped(abs);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  return { file, budget, limit, raw: bytes.length, gzip, ok: gzip <= limit };
}

function verdict(r) {
  if (r.missing) return 'MISSING (run npm run build first)';
  if (!r.ok) return `OVER by ${r.gzip - r.limit} bytes${r.limit !== r.budget ? ` (ratchet limit ${r.limit})` : ''}`;
  if (r.gzip > r.budget) return `within ratchet ${r.limit}; ${r.gzip - r.budget} bytes over the design budget`;
  return 'ok';
}

// `optional` entries belong to packages still being written: skipped until their source exists.
const rows = BUDGETS.filter((b) => !b.optional || existsSync(path.join(root, b.file))).map(measure);
const width = Math.max(...rows.map((r) => r.file.length));
const line = (entry, raw, gzip, budget, result) =>
  `${entry.padEnd(width)}  ${raw.padStart(8)}  ${gzip.padStart(8)}  ${budget.padStart(8)}  ${result}`;
console.log(line('entry', 'raw', 'gzip', 'budget', 'result'));
for (const r of rows) {
  console.log(line(r.file, String(r.raw ?? '-'), String(r.gzip ?? '-'), String(r.budget), verdict(r)));
}
const failed = rows.filter((r) => !r.ok).length;
console.log(`size: ${rows.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
