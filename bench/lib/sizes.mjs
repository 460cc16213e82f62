// Scenario 7: gzip size of each budgeted entry point, measured by the size check itself (scripts/size.mjs), so
// the benchmark and CI never disagree on how a size is measured.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROW = /^(\S+)\s+(\d+|-)\s+(\d+|-)\s+(\d+)\s+(.*)$/;

/** `[{ file, raw, gzip, budget, result }]` for every entry the size check measured (missing ones dropped). */
export function measureSizes(root) {
  const out = spawnSync(process.execPath, [path.join(root, 'scripts', 'size.mjs')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return (out.stdout ?? '')
    .split('\n')
    .slice(1)
    .map((line) => ROW.exec(line.trim()))
    .filter((m) => m !== null && m[3] !== '-')
    .map(([, file, raw, gzip, budget, result]) => ({
      file,
      raw: Number(raw),
      gzip: Number(gzip),
      budget: Number(budget),
      result,
    }));
}
