// Runs one doc program as an ES module in a child Node process: TypeScript is transpiled with esbuild (Node 20
// cannot strip types), JavaScript runs as written. The process starts in its own empty directory inside the
// repository (so package names resolve to the workspace's built packages and any file it writes stays there),
// loads guard.mjs first, and must exit by itself with code 0 within the deadline.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { LOCAL_HOSTS, VENUE_HOSTS } from './venues.js';

const GUARD = fileURLToPath(new URL('./guard.mjs', import.meta.url));

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

/** Runs `js` from `dir` (created fresh) with `env`; kills it after `timeoutMs`. */
export function runModule(dir: string, js: string, env: Record<string, string>, timeoutMs: number) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'snippet.mjs');
  writeFileSync(file, js);
  return new Promise<RunResult>((resolve) => {
    const child = spawn(process.execPath, ['--import', GUARD, file], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
