// Runs one doc program in a child process: as an ES module in Node (TypeScript transpiled with esbuild, since
// Node 20 cannot strip types; JavaScript as written), or, when it imports 'vitest', as a test file under
// `vitest run`. It starts in its own empty directory of the work directory (whose node_modules links to the
// repository's, so package names resolve to the workspace's built packages, and any file it writes stays
// there), loads guard.mjs first (NODE_OPTIONS, so vitest's workers get it too), and must exit by itself with
// code 0 within the deadline.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { LOCAL_HOSTS, VENUE_HOSTS } from './venues.js';

const GUARD = fileURLToPath(new URL('./guard.mjs', import.meta.url));
const VITEST = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

/**
 * A fresh work directory for one suite run, outside the repository (no stray files for git, biome or vitest
 * to pick up) but resolving packages exactly as a project inside it would: its node_modules links to `root`'s.
 */
export function makeWorkDir(root: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zen-doc-test-'));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  return dir;
}

/** Whether a program is a vitest test file (it imports 'vitest'). */
export const isVitestFile = (code: string): boolean => /\bfrom\s+['"]vitest['"]/.test(code);

/** The JavaScript Node runs for a block (comments dropped, so URLs in comments do not count as reached). */
export async function toJavaScript(code: string, lang: 'ts' | 'js'): Promise<string> {
  if (lang === 'js') return code;
  const out = await transform(code, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: 'snippet.ts' });
  return out.code;
}

/** Throws esbuild's syntax error if `code` does not parse as `lang`. */
export async function parse(code: string, lang: 'ts' | 'js'): Promise<void> {
  await transform(code, { loader: lang, format: 'esm', target: 'esnext' });
}

const DEFAULT_PORT: Record<string, number> = { ws: 80, http: 80, wss: 443, https: 443 };

/**
 * Addresses in the code that are neither loopback nor a venue the harness serves locally: the block would
 * reach the internet (or a host we cannot stand in for), so it must be `typecheck` or `skip`.
 */
export async function foreignAddresses(code: string, lang: 'ts' | 'js'): Promise<string[]> {
  const stripped = (await transform(code, { loader: lang, format: 'esm', target: 'esnext' })).code;
  const found = new Set<string>();
  for (const m of stripped.matchAll(/\b(wss?|https?):\/\/([^/\s'"`?#\\]+)/g)) {
    const [, scheme = '', authority = ''] = m;
    const port = /:(\d+)$/.exec(authority)?.[1];
    const host = authority.replace(/:(\d+|\$\{[^}]*\}?)$/, '').replace(/^[^@]*@/, '');
    if (!host || LOCAL_HOSTS.has(host)) continue;
    if (`${host}:${port ?? DEFAULT_PORT[scheme]}` in VENUE_HOSTS) continue;
    found.add(`${scheme}://${authority}`);
  }
  return [...found];
}

export interface RunResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

/**
 * Runs a program from `dir` (created fresh) with `env`; kills it after `timeoutMs`. `code` is the JavaScript
 * to run with Node, or, with `vitest`, the test file's own source (`ts` or `js`), run by `vitest run`.
 */
export function runProgram(
  dir: string,
  code: string,
  env: Record<string, string>,
  timeoutMs: number,
  vitest?: 'ts' | 'js',
): Promise<RunResult> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, vitest ? `snippet.test.${vitest === 'ts' ? 'mts' : 'mjs'}` : 'snippet.mjs');
  writeFileSync(file, code);
  const args = vitest ? [VITEST, 'run', '--root', dir, '--reporter', 'default', file] : [file];
  return new Promise<RunResult>((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: dir,
      detached: true,
      env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', NODE_OPTIONS: `--import ${GUARD}`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL'); // the process group: vitest's workers too
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
