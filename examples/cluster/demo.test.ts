// `npm run demo:cluster` (examples/cluster/demo.mjs) runs through on the built packages and exits 0 by itself:
// gw-1 owns the lease, is killed, gw-2 takes the lease, and every bot's feed continues without duplicates or
// broken chains.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../e2e/nats/harness.js';

const demo = fileURLToPath(new URL('./demo.mjs', import.meta.url));

beforeAll(() => {
  ensureBuilt();
}, 180_000);

function run(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [demo], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      output += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      output += s;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run demo:cluster', () => {
  it('kills the owning gateway half-way; the lease moves to gw-2 and the three bots keep receiving', async () => {
    const { code, output } = await run();
    expect(code, output).toBe(0);
    const lines = output.split('\n');
    expect(
      lines.some((l) => /^gw-1 +owns the deribit lease/.test(l)),
      output,
    ).toBe(true);
    const moved = lines.find((l) => l.startsWith('lease ')) ?? '';
    expect(moved, output).toMatch(/deribit: gw-1 → gw-2 after \d+ ms/);
    for (const bot of ['bot-1', 'bot-2', 'bot-3']) {
      const after = lines.find((l) => l.startsWith(`${bot} `) && l.includes('still flowing')) ?? '';
      expect(after, output).toMatch(/duplicates 0, broken chains 0/);
    }
    expect(lines.some((l) => l.startsWith('done '))).toBe(true);
  }, 90_000);
});
