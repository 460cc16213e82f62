import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const built = fileURLToPath(new URL('../dist/node.js', import.meta.url));
const source = fileURLToPath(new URL('../../core/src/client.ts', import.meta.url));

/** Builds the packages unless `npm test` already did (dist newer than the client source). */
export function buildOnce(): void {
  if (existsSync(built) && statSync(built).mtimeMs >= statSync(source).mtimeMs) return;
  execFileSync(process.execPath, [`${root}/node_modules/rollup/dist/bin/rollup`, '-c', '--silent'], {
    cwd: root,
    stdio: 'inherit',
  });
}
