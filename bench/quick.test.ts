// The benchmark must keep running: `bench/run.mjs --quick` (tiny sizes) end to end, in a child process, against
// the BUILT SDK. Checks only that every scenario produced numbers and the report has every row. No timing
// assertion: a slow machine never fails this test; a broken scenario does.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const hasRuntime = (name: string): boolean => existsSync(path.join(root, 'node_modules', '.bin', name));

interface Row {
  id: string;
  metric: string;
  sdkValue: number;
  refValue: number;
  ratio: number;
}
interface Report {
  quick: boolean;
  rows: Row[];
  results: Record<string, Record<string, Array<Record<string, number>>>>;
  errors: string[];
}

/** Scenario → implementations that must have a trial result. */
const SCENARIOS: Record<string, string[]> = {
  'node.inbound': ['sdk', 'raw', 'partysocket', 'reconnecting-websocket', 'sdk-no-heartbeat'],
  'node.roundTrip': ['sdk', 'raw'],
  'node.setup': ['sdk', 'raw', 'partysocket', 'reconnecting-websocket'],
  'node.memory': ['sdk', 'raw', 'partysocket', 'reconnecting-websocket', 'sdk-no-heartbeat'],
  'node.scale': ['sdk', 'raw'],
};
for (const runtime of ['deno', 'bun']) {
  if (!hasRuntime(runtime)) continue;
  SCENARIOS[`${runtime}.inbound`] = ['sdk', 'raw'];
  SCENARIOS[`${runtime}.roundTrip`] = ['sdk', 'raw'];
}

/** Summary rows that must be present (scenario.metric.sdk.reference), one per target plus the runtimes. */
const ROWS = [
  'node.inbound.cpuUsPerMessage.sdk.raw',
  'node.inbound.messagesPerSecond.sdk.raw',
  'node.inbound.cpuUsPerMessage.sdk.partysocket',
  'node.inbound.cpuUsPerMessage.sdk.reconnecting-websocket',
  'node.roundTrip.p50Us.sdk.raw',
  'node.roundTrip.p99Us.sdk.raw',
  'node.roundTrip.maxUs.sdk.raw',
  'node.roundTrip.cpuUsPerRoundTrip.sdk.raw',
  'node.setup.sequentialMsPerConnection.sdk.raw',
  'node.setup.concurrentMsPerConnection.sdk.raw',
  'node.setup.pairedMsPerConnection.sdk.raw.paired',
  'node.setup.pairedMsPerConnection.raw.raw.paired',
  'node.memory.heapExternalBytes.sdk.raw',
  'node.scale.held.sdk.raw',
  ...Object.keys(SCENARIOS)
    .filter((key) => !key.startsWith('node.'))
    .flatMap((key) =>
      key.endsWith('.inbound')
        ? [`${key}.cpuUsPerMessage.sdk.raw`, `${key}.messagesPerSecond.sdk.raw`]
        : [`${key}.p50Us.sdk.raw`, `${key}.cpuUsPerRoundTrip.sdk.raw`],
    ),
  'size.packages/core/dist/index.js',
  'size.packages/sdk/dist/zen-websocket.iife.min.js',
];

/** RSS grows in whole pages, so a handful of clients may not move it: checked finite, not positive. */
const mayBeFlat = (field: string): boolean => field.startsWith('rss');

let dir = '';
let report: Report;
let stdout = '';
let exitCode: number | null = null;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'zen-bench-'));
  const json = path.join(dir, 'quick.json');
  const child = spawn(process.execPath, ['bench/run.mjs', '--quick', '--no-write', '--json', json], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (!existsSync(json)) throw new Error(`bench/run.mjs --quick wrote no report (exit ${exitCode}):\n${stderr}`);
  report = JSON.parse(readFileSync(json, 'utf8')) as Report;
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run bench -- --quick', () => {
  it('runs every trial without error', () => {
    expect(report.errors).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.quick).toBe(true);
  });

  it.each(Object.entries(SCENARIOS))('%s produced numbers for every implementation', (key, impls) => {
    for (const impl of impls) {
      const trials = report.results[key]?.[impl] ?? [];
      expect(trials.length, `${key} ${impl}`).toBeGreaterThan(0);
      for (const trial of trials) {
        for (const [field, value] of Object.entries(trial)) {
          expect(Number.isFinite(value), `${key} ${impl} ${field} = ${value}`).toBe(true);
          if (!mayBeFlat(field)) expect(value, `${key} ${impl} ${field}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('the summary has every row, each with numbers', () => {
    const byId = new Map(report.rows.map((row) => [row.id, row]));
    for (const id of ROWS) {
      const row = byId.get(id);
      expect(row, id).toBeDefined();
      if (!row) continue;
      for (const value of [row.sdkValue, row.refValue, row.ratio]) {
        expect(Number.isFinite(value) && value > 0, `${id}: ${value}`).toBe(true);
      }
      expect(stdout, `printed table lacks ${row.metric}`).toContain(row.metric);
    }
  });
});
