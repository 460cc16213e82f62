// Runs one contract runner as a child process and reads its `CONTRACT_RESULTS <json>` line. Also checks the
// promise every closed client makes: once the suite is done, the process ends by itself (the runners never call
// process.exit / Deno.exit), so a timer or socket left behind shows up as a process that is still alive.
import { spawn } from 'node:child_process';
import { root } from './servers.js';

export interface ProcessOutcome {
  /** The parsed report, if the runner printed one. */
  report: RunnerReport | undefined;
  /** `true` if the process exited on its own within `exitMs` of printing its report. */
  exitedBySelf: boolean;
  exitCode: number | null;
  /** stdout + stderr, for failure messages. */
  output: string;
  /** Wall time from spawn to exit (or kill), ms. */
  ms: number;
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  error?: string;
  detail?: unknown;
  ms?: number;
}

export interface RunnerReport {
  runtime: string;
  version: string;
  loaded: string;
  build: 'node' | 'web';
  results: ScenarioResult[];
  probe: Record<string, unknown>;
  /** Set when the page or runner broke before the suite could run. */
  error?: string;
}

const MARK = 'CONTRACT_RESULTS ';

/** Environment for every runner: no update checks, and any npm registry request fails at once (offline proof). */
export const OFFLINE_ENV = {
  DENO_NO_UPDATE_CHECK: '1',
  NO_COLOR: '1',
  NPM_CONFIG_REGISTRY: 'http://127.0.0.1:9/',
  BUN_CONFIG_REGISTRY: 'http://127.0.0.1:9/',
};

export function runProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  { totalMs = 60_000, exitMs = 5_000, input }: { totalMs?: number; exitMs?: number; input?: string } = {},
): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...OFFLINE_ENV, ...env } });
    let output = '';
    let stdout = '';
    let report: RunnerReport | undefined;
    let exitTimer: NodeJS.Timeout | undefined;
    let killedAfterReport = false;
    const kill = () => child.kill('SIGKILL');
    const total = setTimeout(kill, totalMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      stdout += chunk;
      const line = stdout
        .split('\n')
        .slice(0, -1)
        .find((l) => l.startsWith(MARK));
      if (line && !report) {
        report = JSON.parse(line.slice(MARK.length)) as RunnerReport;
        exitTimer = setTimeout(() => {
          killedAfterReport = true;
          kill();
        }, exitMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stdin.end(input ?? '');
    // a command that cannot start (ENOENT: a runtime not installed) closes with the reason in the output
    child.on('error', (error) => {
      output += `${error.message}\n`;
    });
    child.on('close', (code) => {
      clearTimeout(total);
      clearTimeout(exitTimer);
      resolve({
        report,
        exitedBySelf: report !== undefined && !killedAfterReport,
        exitCode: code,
        output,
        ms: Date.now() - started,
      });
    });
  });
}
