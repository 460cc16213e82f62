// Importing any built entry point starts no timer and touches no global; the script-tag build adds exactly one
// global, ZenWebsocket, and nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from './build.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ENTRIES = [
  'packages/core/dist/index.js',
  'packages/core/dist/internal.js',
  'packages/core/dist/crypto.js',
  'packages/core/dist/browser/index.js',
  'packages/core/dist/browser/internal.js',
  'packages/core/dist/index.cjs',
  'packages/sdk/dist/node.js',
  'packages/sdk/dist/web.js',
  'packages/sdk/dist/node.cjs',
  'packages/testing/dist/index.js',
  'packages/testing/dist/fakes.js',
  'packages/deribit/dist/index.js',
  'packages/binance/dist/index.js',
].filter((entry) => (!entry.includes('deribit') && !entry.includes('binance')) || existsSync(`${root}/${entry}`));

/** Imports `entry` in a fresh Node with the timer functions and the global object watched; reports what it saw. */
const PROBE = `
const watched = ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'];
const calls = [];
for (const name of watched) {
  const original = globalThis[name];
  globalThis[name] = function (...args) { calls.push(name); return original.apply(this, args); };
}
// Node defines some globals (TextEncoder, Blob…) as lazy getters that replace themselves when first read:
// read every global once so that reading one is not mistaken for writing it.
for (const k of Reflect.ownKeys(globalThis)) try { void globalThis[k]; } catch {}
const before = new Map(Reflect.ownKeys(globalThis).map((k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)]));
const entry = process.argv[1];
await (entry.endsWith('.cjs') ? Promise.resolve(require(entry)) : import(entry));
const added = Reflect.ownKeys(globalThis).filter((k) => !before.has(k)).map(String);
const changed = [...before].filter(([k, o]) => {
  const d = Object.getOwnPropertyDescriptor(globalThis, k);
  return !watched.includes(k) && (!d || !Object.is(d.value, o.value) || d.get !== o.get || d.set !== o.set);
}).map(([k]) => String(k));
console.log(JSON.stringify({ calls, added, changed }));
`;

beforeAll(() => buildOnce(), 120_000);

describe('importing an entry point is pure', () => {
  it.each(ENTRIES)('%s starts no timer and touches no global', (entry) => {
    const file = `${root}/${entry}`;
    expect(existsSync(file)).toBe(true);
    const script = `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(file)});\n${PROBE}`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status, result.stderr).toBe(0); // also: nothing kept the process alive after the import
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(report).toEqual({ calls: [], added: [], changed: [] });
  });

  it('the script-tag bundle defines exactly one global, ZenWebsocket, and starts no timer', () => {
    const code = readFileSync(`${root}/packages/sdk/dist/zen-websocket.iife.min.js`, 'utf8');
    const timers: string[] = [];
    const sandbox: Record<string, unknown> = {
      setTimeout: () => timers.push('setTimeout'),
      setInterval: () => timers.push('setInterval'),
      queueMicrotask: () => timers.push('queueMicrotask'),
    };
    const context = vm.createContext(sandbox);
    const before = new Set(Object.keys(context));
    vm.runInContext(code, context);
    const added = Object.keys(context).filter((k) => !before.has(k));
    expect(added).toEqual(['ZenWebsocket']);
    expect(timers).toEqual([]);
    const api = context.ZenWebsocket as Record<string, unknown>;
    expect(typeof api.connect).toBe('function');
    expect(typeof api.explain).toBe('function');
  });
});
