/**
 * Loads ccxt pro from tools/ccxt (pinned there, not a dependency of any package), installing it the first time.
 * The ccxt suites run in parallel vitest workers, so the first install is done under a lock directory: the
 * other suite waits for it instead of running a second `npm install` into the same folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// biome-ignore lint/suspicious/noExplicitAny: ccxt is loaded at run time from tools/ccxt and is untyped here
export type Any = any;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tool = path.join(root, 'tools', 'ccxt');
const entry = path.join(tool, 'node_modules', 'ccxt', 'js', 'ccxt.js');
const lock = path.join(tool, '.install-lock');
const INSTALL_MS = 300_000;

/** Installs ccxt into tools/ccxt the first time (later runs reuse it), then loads it. */
export async function loadCcxt(): Promise<Any> {
  if (!existsSync(entry)) await installOnce();
  return (await import(pathToFileURL(entry).href)).default;
}

async function installOnce(): Promise<void> {
  const deadline = Date.now() + INSTALL_MS;
  while (!take()) {
    if (Date.now() > deadline) throw new Error(`ccxt install lock ${lock} still held after ${INSTALL_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    if (existsSync(entry)) return; // the other suite installed it while this one waited
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['install', '--prefix', tool, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: root,
      stdio: 'inherit',
      timeout: INSTALL_MS,
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Takes the lock (an atomic mkdir); a lock older than one install timeout is left over from a killed run. */
function take(): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > INSTALL_MS) rmSync(lock, { recursive: true, force: true });
    } catch {
      // gone meanwhile: the next try takes it
    }
    return false;
  }
}
