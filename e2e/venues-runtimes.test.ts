// `zen-websocket/deribit` and `zen-websocket/binance` with no socket factory, in Deno and Bun, against the local
// simulators (Node 20 is covered by e2e/packaging/fresh-project.test.ts, Chromium by e2e/browser-venues.test.ts).
import { spawn } from 'node:child_process';
import {
  type BinanceSimulator,
  type DeribitSimulator,
  startBinanceSimulator,
  startDeribitSimulator,
} from '@zen-websocket/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../packages/sdk/test/build.js';
import { OFFLINE_ENV } from './harness/processes.js';
import { root } from './harness/servers.js';

const RUNTIMES = {
  deno: [
    `${root}/node_modules/.bin/deno`,
    [
      'run',
      '--node-modules-dir=manual',
      '--allow-net=127.0.0.1',
      '--allow-read',
      '--allow-env',
      'e2e/runners/venues.mjs',
    ],
  ],
  bun: [
    `${root}/node_modules/.bin/bun`,
    ['--tsconfig-override=e2e/runners/tsconfig.bun.json', 'e2e/runners/venues.mjs'],
  ],
} as const;

interface Outcome {
  report:
    | { runtime: string; steps: { step: string; orderId?: string; state?: string; ids?: number[] }[]; error?: string }
    | undefined;
  exitCode: number | null;
  output: string;
}

function run(command: string, args: readonly string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd: root, env: { ...process.env, ...OFFLINE_ENV, ...env } });
    let output = '';
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('close', (exitCode) => {
      clearTimeout(kill);
      const line = output.split('\n').find((l) => l.startsWith('VENUES_RESULTS '));
      resolve({ report: line ? JSON.parse(line.slice('VENUES_RESULTS '.length)) : undefined, exitCode, output });
    });
  });
}

let deribit: DeribitSimulator;
let binance: BinanceSimulator;

beforeAll(async () => {
  await buildOnce();
  deribit = await startDeribitSimulator();
  binance = await startBinanceSimulator({ feedIntervalMs: 20 });
}, 300_000);

afterAll(async () => {
  await deribit?.stop();
  await binance?.stop();
});

describe.each(Object.entries(RUNTIMES))('%s: the venue subpaths with no socket factory', (name, [command, args]) => {
  it('trades on the Deribit simulator, streams Binance trades, and exits by itself', async () => {
    const outcome = await run(command, args, {
      DERIBIT_URL: deribit.url,
      DERIBIT_CLIENT_ID: 'sim-client',
      DERIBIT_CLIENT_SECRET: 'sim-secret',
      BINANCE_STREAM_URL: binance.streamUrl,
    });
    expect(outcome.report, outcome.output).toBeDefined();
    expect(outcome.report?.error, outcome.output).toBeUndefined();
    expect(outcome.report?.runtime).toBe(name);
    const buy = outcome.report?.steps.find((s) => s.step === 'deribit-buy');
    expect(buy?.orderId).toMatch(/\S/);
    expect(buy?.state).toBe('filled');
    expect(deribit.orders().filter((o) => o.order_id === buy?.orderId)).toHaveLength(1);
    const trades = outcome.report?.steps.find((s) => s.step === 'binance-trades');
    expect(trades?.ids).toHaveLength(3);
    expect(outcome.exitCode, outcome.output).toBe(0);
  }, 90_000);
});
