// `npm test`: every suite in order, output streamed, continuing after failures.
// The last line is always `N passed, N failed` (CI parses it); the exit code is 1 if anything failed. Failing and
// flaky tests are named just above it (see vitest() below), where the tail of a CI log shows them.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const VITEST_JSON = path.join(root, '.vitest-results.json');
const DEMO = path.join(root, 'examples', 'demo.mjs');
const MINUTE = 60_000;
// About 6 min on a quiet 2-core machine; 3–4× that when the machine is shared. A hung test ends with its own timeout.
const VITEST_TIMEOUT = 30 * MINUTE;

/** Each suite returns { passed, failed } counts. */
const suites = [
  { name: 'build', run: () => single(bin('rollup'), ['-c', '--silent'], { timeout: 5 * MINUTE }) },
  { name: 'lint', run: () => single(bin('biome'), ['check', '.'], { timeout: 2 * MINUTE }) },
  { name: 'typecheck', run: () => single(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], { timeout: 5 * MINUTE }) },
  { name: 'vitest', run: vitest },
  { name: 'size', run: size },
  { name: 'packaging', run: packaging },
  { name: 'demo', run: demo },
];

let current = null;
/** Lines printed after the summary table: failing and flaky tests by name. */
const notes = [];

/** Runs a command in its own process group (so a timeout kills its children too); resolves, never rejects. */
function exec(cmd, args, { timeout, env = process.env, capture = false }) {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(cmd, args, {
      cwd: root,
      env,
      detached: true,
      stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    });
    current = child;
    if (capture) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n${path.basename(cmd)} did not finish within ${timeout / 1000} s; killing it`);
      killGroup(child, 'SIGKILL');
    }, timeout);
    const done = (code, error) => {
      clearTimeout(timer);
      current = null;
      if (error) console.error(`cannot run ${cmd}: ${error.message}`);
      resolve({ code: timedOut ? 1 : (code ?? 1), output });
    };
    child.on('error', (error) => done(1, error));
    child.on('close', (code) => done(code));
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function single(cmd, args, options) {
  const { code } = await exec(cmd, args, options);
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/** Failed tests in a vitest JSON report: `{ file, name, reason }`, plus files that failed to load (name ''). */
function failuresIn(report) {
  const out = [];
  for (const file of report.testResults ?? []) {
    const rel = path.relative(root, file.name ?? '');
    const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failed) {
      const reason = String(t.failureMessages?.[0] ?? '')
        .split('\n')[0]
        .slice(0, 200);
      out.push({ file: rel, name: t.fullName ?? t.title, reason });
    }
    if (file.status === 'failed' && failed.length === 0) {
      out.push({
        file: rel,
        name: '',
        reason: String(file.message ?? '')
          .split('\n')[0]
          .slice(0, 200),
      });
    }
  }
  return out;
}

async function runVitest(files, jsonFile) {
  rmSync(jsonFile, { force: true });
  const args = ['run', ...files, '--reporter=default', '--reporter=json', `--outputFile=${jsonFile}`];
  const { code } = await exec(bin('vitest'), args, { timeout: VITEST_TIMEOUT });
  try {
    return { code, report: JSON.parse(readFileSync(jsonFile, 'utf8')) };
  } catch {
    return { code, report: undefined };
  }
}

/**
 * Every vitest test. A test that fails is run once more, alone in its file's run, after the others: if it then
 * passes it counts as passed but is listed in the summary as flaky (by name, with the first failure's reason), so
 * a flake is seen and fixed rather than hidden; a test that fails twice is a failure. At most 5 files are re-run
 * (more failures than that are not flakes). Failures are listed by name at the end, where CI's log tail shows them.
 */
async function vitest() {
  const { code, report } = await runVitest([], VITEST_JSON);
  if (!report) {
    console.error('vitest wrote no JSON report; counting 1 failure');
    return { passed: 0, failed: 1 };
  }
  let passed = report.numPassedTests ?? 0;
  let failures = failuresIn(report);
  const flaky = [];
  const files = [...new Set(failures.map((f) => f.file))];
  if (failures.length > 0 && files.length <= 5) {
    console.log(`\n── vitest: running ${files.length} file(s) with a failed test once more ──`);
    const again = await runVitest(files, `${VITEST_JSON}.rerun`);
    if (again.report) {
      const rerun = failuresIn(again.report);
      const key = (f) => `${f.file}\0${f.name}`;
      const still = new Set(rerun.map(key));
      const filesFailing = new Set(rerun.map((f) => f.file));
      const filesBroken = new Set(rerun.filter((f) => f.name === '').map((f) => f.file));
      // A test fails twice if it failed again (or its file no longer loads); a file that did not load the first
      // time fails twice if anything in it failed when it ran again.
      const failedTwice = (f) =>
        f.name === '' ? filesFailing.has(f.file) : still.has(key(f)) || filesBroken.has(f.file);
      flaky.push(...failures.filter((f) => !failedTwice(f)));
      failures = failures.filter(failedTwice);
      passed += flaky.filter((f) => f.name !== '').length;
      // A file that failed to load the first time but ran the second: its tests count as they ran then.
      for (const f of flaky.filter((x) => x.name === '')) {
        const ran = (again.report.testResults ?? []).find((r) => path.relative(root, r.name ?? '') === f.file);
        passed += (ran?.assertionResults ?? []).filter((t) => t.status === 'passed').length;
      }
    }
  }
  let failed = failures.length;
  if (code !== 0 && failed === 0 && flaky.length === 0) {
    console.error(
      `vitest exited with ${code} but reported no failed test (no test files, or an error outside tests); counting 1 failure`,
    );
    failed = 1;
  }
  const line = (f) =>
    `  ${f.file}${f.name ? ` > ${f.name}` : ' (file failed to load)'}${f.reason ? `\n      ${f.reason}` : ''}`;
  notes.push(...failures.map((f) => `vitest failed:${line(f)}`));
  notes.push(...flaky.map((f) => `vitest flaky (failed, then passed when run again):${line(f)}`));
  return { passed, failed };
}

async function size() {
  const { code, output } = await exec(process.execPath, [path.join(root, 'scripts', 'size.mjs')], {
    timeout: MINUTE,
    capture: true,
  });
  const m = /^size: (\d+) passed, (\d+) failed$/m.exec(output);
  if (!m) return { passed: 0, failed: 1 };
  const counts = { passed: Number(m[1]), failed: Number(m[2]) };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/**
 * Every publishable package through publint (package.json and `exports` against the packed files) and
 * @arethetypeswrong/cli (types resolve for ESM and CJS consumers under node16 and bundler resolution).
 * One check per package and tool. attw skips the files made for pages, not for Node or bundlers: the
 * script-tag files (`zen-websocket/iife`, `zen-websocket/iife/<add-on>`: scripts, no types) and the one-file
 * ES module `zen-websocket/browser` (ESM only on purpose, so a CommonJS `require` of it is not supported).
 */
async function packaging() {
  const workspaces = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces;
  const packages = workspaces
    .map((w) => path.basename(w))
    .filter((p) => existsSync(path.join(root, 'packages', p, 'dist', 'index.js')) || p === 'sdk');
  let passed = 0;
  let failed = 0;
  for (const pkg of packages) {
    const dir = path.join(root, 'packages', pkg);
    const { exports = {} } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const scripts = Object.keys(exports)
      .filter((k) => k === './iife' || k.startsWith('./iife/') || (pkg === 'sdk' && k === './browser'))
      .map((k) => k.slice(2));
    const exclude = scripts.length > 0 ? ['--exclude-entrypoints', ...scripts] : [];
    const checks = [
      [bin('publint'), [dir, '--strict']],
      [bin('attw'), ['--pack', dir, '--profile', 'node16', ...exclude, '--format', 'table-flipped']],
    ];
    for (const [cmd, args] of checks) {
      console.log(`\n${path.basename(cmd)} packages/${pkg}`);
      const { code } = await exec(cmd, args, { timeout: 2 * MINUTE });
      if (code === 0) passed++;
      else failed++;
    }
  }
  return { passed, failed };
}

async function demo() {
  if (!existsSync(DEMO)) {
    console.log('examples/demo.mjs does not exist yet; skipped (not counted)');
    return { passed: 0, failed: 0 };
  }
  const env = { ...process.env, ZEN_DEMO_FAST: '1' };
  return single(process.execPath, [DEMO], { timeout: MINUTE, env });
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
for (const [signal, exitCode] of Object.entries(SIGNAL_EXIT)) {
  process.on(signal, () => {
    if (current) killGroup(current, 'SIGKILL');
    process.exit(exitCode);
  });
}

/** True when `command` is on the PATH. */
function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

/**
 * The browser tests drive the system Chromium (/usr/bin/chromium) and the NATS suites start a real nats-server
 * (Debian's package). On a fresh machine they are missing: install them with apt-get when we are root (as on
 * this project's machines), so `npm install && npm test` is enough. The log goes to a file; if the install
 * fails, the suites that need them fail with the reason and everything else runs.
 */
async function ensureSystemPackages() {
  if (process.getuid?.() !== 0) return;
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!onPath('nats-server') && !process.env.NATS_SERVER) missing.push('nats-server');
  if (missing.length === 0) return;
  console.log(`── setup: installing ${missing.join(' and ')} for the browser and NATS tests (apt-get) ──`);
  const log = path.join(os.tmpdir(), 'zen-websocket-apt.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const script = `apt-get update > ${log} 2>&1 && apt-get install -y --no-install-recommends ${missing.join(' ')} >> ${log} 2>&1`;
  const { code } = await exec('sh', ['-c', script], { timeout: 15 * MINUTE, env });
  console.log(
    code === 0
      ? `${missing.join(' and ')} installed`
      : `apt-get could not install ${missing.join(' and ')} (see ${log})`,
  );
}

await ensureSystemPackages();
const results = [];
for (const suite of suites) {
  console.log(`\n── ${suite.name} ──`);
  results.push({ name: suite.name, ...(await suite.run()) });
}

console.log('\n── summary ──');
for (const r of results) {
  const verdict = r.failed > 0 ? 'FAIL' : r.passed > 0 ? 'ok' : 'skipped';
  console.log(`${r.name.padEnd(10)} ${verdict.padEnd(7)} (${r.passed} ok, ${r.failed} failing)`);
}
for (const note of notes) console.log(note);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
