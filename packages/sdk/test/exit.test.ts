// A closed client leaves nothing behind: a Node process that used it exits on its own. Runs the BUILT package.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@zen-websocket/testing';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { buildOnce } from './build.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const entry = fileURLToPath(new URL('../dist/node.js', import.meta.url));
let server: MockServer | undefined;

beforeAll(() => buildOnce(), 120_000);
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Runs `script` as an ES module in a child Node; resolves with its exit code, or 'hung' if it outlives `ms`. */
function run(script: string, ms: number): Promise<{ code: number | null | 'hung'; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: 'hung', output });
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

it('a process whose client is closed exits by itself (no timer or socket left)', async () => {
  expect(existsSync(entry)).toBe(true);
  server = await startMockServer({ rpc: { 'public/test': () => 'ok' } });
  const script = `
    import { connect } from ${JSON.stringify(entry)};
    const client = await connect(${JSON.stringify(server.url)}, { heartbeat: { type: 'ping_pong', interval: 50 } });
    console.log(await client.request('public/test'));
    await client.subscribe('a').catch(() => {});
    await new Promise((r) => setTimeout(r, 120));
    await client.close();
    console.log(client.getState());
  `;
  const result = await run(script, 10_000);
  expect(result.output).toContain('ok\nclosed');
  expect(result.code).toBe(0);
});

it('a client that gave up (retries exhausted) leaves nothing behind either', async () => {
  server = await startMockServer();
  const url = server.url;
  await server.stop();
  server = undefined;
  const script = `
    import { connect } from ${JSON.stringify(entry)};
    await connect(${JSON.stringify(url)}, { retryCount: 1, retryDelay: 10 }).catch((e) => console.log(e.code));
  `;
  const result = await run(script, 10_000);
  expect(result.output).toContain('max_reconnection_attempts');
  expect(result.code).toBe(0);
});
