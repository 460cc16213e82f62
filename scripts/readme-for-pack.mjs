// The `zen-websocket` package's README is the repository's root README. `npm pack`/`npm publish` run this from
// packages/sdk: `copy` (prepack) puts the root README.md beside package.json, `remove` (postpack) takes it away
// again, so the repository keeps one README and the tarball (and the npm page) still has it.
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const source = path.join(root, 'README.md');
const target = path.join(process.cwd(), 'README.md');
const action = process.argv[2];

if (path.resolve(process.cwd()) === root) {
  console.error('readme-for-pack: run it from a package folder, not the repository root');
  process.exit(1);
}
if (action === 'copy') {
  copyFileSync(source, target);
} else if (action === 'remove') {
  // Only our own copy: a package that gets a README of its own keeps it.
  if (existsSync(target) && readFileSync(target, 'utf8') === readFileSync(source, 'utf8')) rmSync(target);
} else {
  console.error('usage: node scripts/readme-for-pack.mjs copy|remove');
  process.exit(1);
}
