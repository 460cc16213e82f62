// `npm run bench`: zen-websocket against raw sockets and peer libraries, as ratios measured in one run.
//
//   node bench/run.mjs [--quick] [--no-write] [--json FILE] [--only node.inbound,deno.roundTrip,size…]
//
// Starts bench/server.mjs in its own process on 127.0.0.1, then runs each scenario's implementations
// alternately (the order rotates every round), one fresh client process per trial, and reports medians and
// SDK / reference ratios. Prints the report and writes it to bench/results/latest.md (`--quick`: quick.md;
// `--no-write`: nowhere). Never fails for being slow: it exits 1 only when a trial could not run.
// See bench/README.md for what each scenario measures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bookBench } from './book.mjs';
import { binaryVersion, describeMachine } from './lib/machine.mjs';
import { plan } from './lib/plan.mjs';
import { canPin, raisedFdLimit, runTrial, startServer } from './lib/procs.mjs';
import { detailTable, LABELS, scenarioTitle, sizeTable, summaryRows, summaryTable } from './lib/report.mjs';
import { measureSizes } from './lib/sizes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const CLIENT = path.join(here, 'client.mjs');
const BUILT = ['packages/sdk/dist/node.js', 'packages/sdk/dist/web.js', 'packages/sdk/dist/zen-websocket.iife.min.js'];

function parseArgs(argv) {
  const args = { quick: false, write: true, json: undefined, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--no-write') args.write = false;
    else if (a === '--json') args.json = argv[++i];
    else if (a === '--only') args.only = argv[++i]?.split(',');
    else throw new TypeError(`unknown argument "${a}"; usage: bench/run.mjs [--quick] [--no-write] [--json FILE]`);
  }
  return args;
}

/** Builds the packages when the SDK's dist is missing: the benchmark measures what users install. */
function ensureBuilt() {
  if (BUILT.every((f) => existsSync(path.join(root, f)))) return;
  console.error('bench: building the packages (dist is missing)…');
  const out = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (out.status !== 0) throw new Error('npm run build failed; cannot benchmark the built SDK');
}

const log = (line) => process.stderr.write(`${line}\n`);

function runtimeArgv(runtime, bins, flags = []) {
  if (runtime === 'deno') return [bins.deno, 'run', '-A', CLIENT];
  if (runtime === 'bun') return [bins.bun, CLIENT];
  return [process.execPath, ...flags, CLIENT];
}

/** Every implementation of one scenario, alternating, `rounds` times. */
async function runScenario(scenario, { url, bins, pin, errors }) {
  const byImpl = Object.fromEntries(scenario.impls.map((impl) => [impl, []]));
  for (let round = 0; round < scenario.rounds; round++) {
    const order = scenario.impls.map((_, i) => scenario.impls[(i + round) % scenario.impls.length]);
    for (const impl of order) {
      const spec = { scenario: scenario.trial, impl, runtime: scenario.runtime, url, ...scenario.params };
      const argv = [...runtimeArgv(scenario.runtime, bins, scenario.flags), JSON.stringify(spec)];
      const started = performance.now();
      const options = { cpu: pin ? scenario.cpu : undefined, cwd: root, timeoutMs: scenario.timeoutMs ?? 120_000 };
      let outcome = await runTrial(argv, options);
      if (outcome.error) {
        // One retry: on a shared machine a trial can die of something else (a rebuild replacing dist…).
        log(`  ${scenario.key} ${impl} failed, retrying once in 3 s: ${outcome.error}`);
        await new Promise((resolve) => setTimeout(resolve, 3000));
        outcome = await runTrial(argv, options);
      }
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      if (outcome.result) byImpl[impl].push(outcome.result);
      else errors.push(`${scenario.key} ${impl}: ${outcome.error}`);
      const status = outcome.result ? 'ok' : `FAILED: ${outcome.error}`;
      log(`  ${scenario.key} round ${round + 1}/${scenario.rounds} ${impl}: ${status} (${secs} s)`);
    }
  }
  return byImpl;
}

function markdown({ machine, args, pin, fdLimit, scenarios, results, rows, sizes, errors, seconds }) {
  const settings = scenarios.map((s) => `${s.key}: ${s.rounds} round(s), ${JSON.stringify(s.params)}`);
  const parts = [
    `# zen-websocket benchmark${args.quick ? ' (quick mode: tiny N, not representative)' : ''}`,
    '',
    `Date: ${machine.date} · ${machine.cpus} CPUs (${machine.cpuModel}) · ${machine.memoryGiB} GiB · ${machine.os}`,
    `Node ${machine.node} · Deno ${machine.deno} · Bun ${machine.bun} · ws ${machine.ws} · partysocket ${machine.partysocket} · reconnecting-websocket ${machine.reconnectingWebsocket} · zen-websocket ${machine.zenWebsocket}`,
    `Pinning: ${pin ? 'server on CPU 0; round-trip clients on CPU 0, other clients on CPU 1 (taskset)' : 'none (taskset unavailable)'} · fd limit ${fdLimit} · run took ${Math.round(seconds)} s`,
    '',
    'Medians over trials; each trial is a fresh client process. Ratios are zen-websocket / reference: for',
    'messages/s higher is better, for everything else lower is better. Targets from DESIGN.md ("Size and speed budgets").',
    '',
    '## Summary',
    '',
    summaryTable(rows),
    '',
  ];
  for (const s of scenarios) {
    parts.push(`## ${scenarioTitle(s)} — ${s.runtime}`, '', detailTable(results, s), '');
  }
  parts.push('## bundle size', '', sizeTable(sizes), '', '## Settings', '', ...settings.map((s) => `- ${s}`), '');
  if (errors.length > 0) parts.push('## Errors', '', ...errors.map((e) => `- ${e}`), '');
  parts.push(`Implementations: ${Object.values(LABELS).join(', ')}.`, '');
  return parts.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  ensureBuilt();
  const bins = {
    deno: path.join(root, 'node_modules', '.bin', 'deno'),
    bun: path.join(root, 'node_modules', '.bin', 'bun'),
  };
  const versions = { deno: binaryVersion(bins.deno), bun: binaryVersion(bins.bun) };
  const runtimes = ['deno', 'bun'].filter((r) => versions[r] !== undefined);
  const machine = describeMachine(root, versions);
  const pin = canPin(0) && canPin(1);
  const fdLimit = raisedFdLimit();
  const keep = (key) => !args.only || args.only.some((o) => key === o || key.startsWith(`${o}.`));
  const scenarios = plan({ quick: args.quick, runtimes }).filter((s) => keep(s.key));
  const errors = [];
  const server = await startServer(path.join(here, 'server.mjs'), { cpu: pin ? 0 : undefined, cwd: root });
  const results = {};
  try {
    for (const scenario of scenarios) {
      log(`bench: ${scenario.key} (${scenario.impls.join(', ')})`);
      results[scenario.key] = await runScenario(scenario, { url: server.url, bins, pin, errors });
    }
  } finally {
    server.stop();
  }
  const sizes = keep('size') ? measureSizes(root) : [];
  if (keep('size') && sizes.length === 0) errors.push('size: scripts/size.mjs measured nothing');
  const rows = summaryRows(results, scenarios, sizes);
  const seconds = (performance.now() - started) / 1000;
  let report = markdown({ machine, args, pin, fdLimit, scenarios, results, rows, sizes, errors, seconds });
  if (keep('book')) {
    log('bench: book (LocalBook, ccxt OrderBook, naive Map + sort)');
    try {
      report += `\n${bookBench({ quick: args.quick })}`;
    } catch (error) {
      errors.push(`book: ${error.message}`);
    }
  }
  console.log(report);
  if (args.write) {
    const file = path.join(here, 'results', args.quick ? 'quick.md' : 'latest.md');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, report);
    log(`bench: wrote ${path.relative(root, file)}`);
  }
  if (args.json)
    writeFileSync(args.json, JSON.stringify({ machine, quick: args.quick, seconds, rows, results, errors }));
  log(`bench: done in ${seconds.toFixed(1)} s${errors.length ? `, ${errors.length} trial(s) failed` : ''}`);
  process.exitCode = errors.length > 0 ? 1 : 0;
}

await main();
