// Real processes for the NATS fault suites: each gateway, consumer or budget user is a forked Node process
// (e2e/nats/fixtures/*.mjs, running the BUILT packages) that reports what it sees to the test over the IPC
// channel. The test then pauses (SIGSTOP), resumes (SIGCONT) or kills (SIGKILL) it like an operator would.
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOnce } from '../../packages/sdk/test/build.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The fixtures load the built packages: build them unless `npm test` already did (and @zen-websocket/nats too). */
export function ensureBuilt(): void {
  // ZEN_E2E_NO_BUILD=1: use dist as it is (while other work in the checkout leaves the build broken).
  if (process.env.ZEN_E2E_NO_BUILD === '1') return;
  buildOnce();
  if (existsSync(`${ROOT}packages/nats/dist/index.js`)) return;
  execFileSync(process.execPath, [`${ROOT}node_modules/rollup/dist/bin/rollup`, '-c', '--silent'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** A message a fixture sends to the test: always a `type`, the sender's `at` (ms since epoch) and `pid`. */
export interface Report {
  type: string;
  at: number;
  pid: number;
  [key: string]: unknown;
}

/** A forked fixture process. */
export interface Fixture {
  readonly name: string;
  readonly child: ChildProcess;
  /** Every report so far, oldest first, each stamped with `received` (the test's clock). */
  readonly reports: Array<Report & { received: number }>;
  /** Resolves with the first report (past or future) matching `match`; rejects at the deadline or on exit. */
  waitFor(match: (r: Report) => boolean, timeoutMs?: number, what?: string): Promise<Report & { received: number }>;
  /** Sends a command to the fixture (only while it runs and is not stopped). */
  send(message: object): void;
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  /** stdout + stderr, for failure messages. */
  output(): string;
  /** SIGCONT + SIGKILL, then waits for the exit. Idempotent. */
  kill(): Promise<void>;
}

/** Starts `e2e/nats/fixtures/<script>` with `config` in `ZEN_FIXTURE` (JSON). */
export function startFixture(script: string, name: string, config: object): Fixture {
  const child = fork(`${FIXTURES}${script}`, [], {
    env: { ...process.env, ZEN_FIXTURE: JSON.stringify({ name, ...config }) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    output = (output + s).slice(-20_000);
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    output = (output + s).slice(-20_000);
  });
  const reports: Array<Report & { received: number }> = [];
  const waiters = new Set<() => void>();
  child.on('message', (m) => {
    reports.push({ ...(m as Report), received: Date.now() });
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      for (const w of [...waiters]) w();
      resolve(code);
    });
  });
  const recent = () =>
    `reports: ${JSON.stringify(reports.filter((r) => r.type !== 'msg').slice(-10))}\noutput: ${output.slice(-3000)}`;
  const done = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name,
    child,
    reports,
    exited,
    output: () => output,
    send(message) {
      if (child.connected) child.send(message);
    },
    signal(signal) {
      child.kill(signal);
    },
    waitFor(match, timeoutMs = 10_000, what = 'a matching report') {
      return new Promise((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const check = () => {
          const found = reports.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (done()) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`${name} exited before ${what}\n${recent()}`));
          }
        };
        timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name}: no ${what} within ${timeoutMs} ms\n${recent()}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async kill() {
      if (!done()) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
      await exited;
    },
  };
}

/**
 * Polls `probe` every 50 ms until it returns a value other than `undefined`/`false`, for state outside any
 * process (a stream's length). A probe that throws (a server still restarting) counts as "not yet".
 */
export async function until<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch((error: unknown) => {
        last = error;
        return undefined;
      });
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`not within ${timeoutMs} ms: ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
