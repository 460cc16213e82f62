// The packed-and-installed fresh project shared by the packaging and type tests (see pack-install.mjs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOnce } from '../../packages/sdk/test/build.js';

const script = fileURLToPath(new URL('./pack-install.mjs', import.meta.url));

/** Builds if needed, then packs every package and installs the tarballs into a fresh project (cached per build); returns its folder. */
export function packedProject(): string {
  buildOnce();
  // The build's lock (the one `flock /tmp/zen-build.lock npx rollup -c` takes): no build empties dist/ while we
  // pack it, and two test files never pack at the same time.
  const lock = '/tmp/zen-build.lock';
  const out = execFileSync('flock', [lock, process.execPath, script], { encoding: 'utf8', timeout: 300_000 });
  return out.trim().split('\n').at(-1) ?? '';
}

/** What `npm pack --json` reported for one package of the packed project. */
export interface PackInfo {
  /** The folder under packages/ (`core`, `sdk`, …). */
  pkg: string;
  name: string;
  /** The tarball's file name, in the `tarballs` folder beside the project. */
  filename: string;
  /** Tarball size in bytes. */
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

/** The `npm pack` reports of every package of the packed project (see packedProject). */
export function packInfo(project: string): PackInfo[] {
  return JSON.parse(readFileSync(path.join(path.dirname(project), 'packs.json'), 'utf8')) as PackInfo[];
}
