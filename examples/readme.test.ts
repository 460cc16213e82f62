// The README's quick start runs as written: its code block is executed against a local mock exchange, with only
// the venue URL and the package path swapped (tests never leave 127.0.0.1).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { buildOnce } from '../packages/sdk/test/build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('../packages/sdk/dist/node.js', import.meta.url));
let server: MockServer | undefined;

beforeAll(() => buildOnce(), 120_000);
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function quickStart(): string {
  const readme = readFileSync(`${root}/README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README has no ```ts block under "## Quick start"');
  return block;
}

it('the README quick start runs against a local exchange and exits cleanly', async () => {
  server = await startMockServer({
    rpc: {
      'public/subscribe': (params) => (params as { channels: string[] }).channels,
      'public/get_time': () => 1_700_000_000_000,
    },
  });
  const code = quickStart();
  expect(code).toContain("from 'zen-websocket'");
  const script = code
    .replace(/'wss:\/\/test\.deribit\.com\/ws\/api\/v2'/, JSON.stringify(server.url))
    .replace("from 'zen-websocket'", `from ${JSON.stringify(entry)}`);
  expect(script).toContain(server.url);
  const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, text });
    });
  });
  expect(output.text).toContain('1700000000000');
  expect(output.text).toContain('connected → closed: close() called');
  expect(output.code).toBe(0);
  expect(
    await server.assertMessageSent({
      method: 'public/subscribe',
      params: { channels: ['ticker.BTC-PERPETUAL.100ms'] },
    }),
  ).toBe(true);
});
