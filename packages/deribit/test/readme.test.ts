// The README's quick start runs as written against the simulator: only the URL is swapped (tests never leave
// 127.0.0.1), `zen-websocket/deribit` is read from its source, and the credentials come from the environment
// variables it reads. (The docs suite in e2e/docs runs it against the built packages too.)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { afterEach, expect, it, vi } from 'vitest';
import { simulator } from './helpers.js';

const readme = new URL('../README.md', import.meta.url);
const file = path.join(tmpdir(), `zen-deribit-quick-start-${process.pid}.mjs`);

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(file, { force: true });
});

it('the README quick start subscribes, places a post-only buy, cancels it and closes', async () => {
  const sim = await simulator({ feedIntervalMs: 10 });
  const text = readFileSync(readme, 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(text.slice(text.indexOf('## Quick start')))?.[1];
  expect(block).toContain("from 'zen-websocket/deribit'");
  expect(block).not.toContain('socketFactory');
  const sdk = fileURLToPath(new URL('../../sdk/src/venues/deribit-node.ts', import.meta.url));
  const code = (block ?? '')
    .replace("'wss://test.deribit.com/ws/api/v2'", JSON.stringify(sim.url))
    .replace("'zen-websocket/deribit'", JSON.stringify(sdk));
  expect(code).toContain(sim.url);
  vi.stubEnv('DERIBIT_CLIENT_ID', sim.credentials.clientId);
  vi.stubEnv('DERIBIT_CLIENT_SECRET', sim.credentials.clientSecret);
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  writeFileSync(file, transformSync(code, { loader: 'ts', format: 'esm' }).code);
  await import(pathToFileURL(file).href);

  const [order] = sim.orders();
  expect(order).toMatchObject({ order_state: 'cancelled', post_only: true, amount: 10 });
  expect(lines).toContain(`${order?.order_id} open`);
  expect(lines.some((l) => l.includes('Invalid params (code -32602): amount must be a positive multiple'))).toBe(true);
  expect(sim.requests('private/enable_cancel_on_disconnect')).toHaveLength(1);
  expect(await sim.waitFor('close')).toMatchObject({ connection: 1, code: 1000 }); // closed cleanly
});
