// Child processes of the benchmark: the server and one process per trial, optionally pinned to a CPU with
// `taskset` and with the file-descriptor limit raised to the hard limit (for the scale scenario).
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

const RAISE_FDS = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"';

/** Whether `taskset` exists and may pin to `cpu` here. */
export function canPin(cpu = 0) {
  return spawnSync('taskset', ['-c', String(cpu), 'true'], { stdio: 'ignore' }).status === 0;
}

/** The soft file-descriptor limit a child gets once raised to the hard limit (0 if unknown). */
export function raisedFdLimit() {
  const out = spawnSync('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; ulimit -n'], { encoding: 'utf8' });
  const n = Number(out.stdout?.trim());
  return Number.isFinite(n) ? n : 0;
}

/** `argv` wrapped for pinning (`cpu` undefined = not pinned) and the raised fd limit. */
function wrap(argv, { cpu, raiseFds = true }) {
  let full = argv;
  if (cpu !== undefined) full = ['taskset', '-c', String(cpu), ...full];
  if (raiseFds) full = ['sh', '-c', RAISE_FDS, 'bench', ...full];
  return full;
}

function start(argv, options) {
  const [cmd, ...args] = wrap(argv, options);
  // Own process group, so a timeout ends the whole trial (sh, taskset and the runtime under them).
  return spawn(cmd, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
}

function kill(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Starts bench/server.mjs; resolves with its URL once it prints its port. */
export function startServer(serverPath, { cpu, cwd }) {
  const child = start([process.execPath, serverPath], { cpu, cwd });
  child.stderr.on('data', (chunk) => process.stderr.write(`[server] ${chunk}`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill(child);
      reject(new Error('bench server did not start within 10 s'));
    }, 10_000);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const { port } = JSON.parse(line);
      resolve({
        url: `ws://127.0.0.1:${port}/`,
        stop() {
          child.stdin.end();
          setTimeout(() => kill(child), 1000).unref();
        },
      });
    });
  });
}

/**
 * Runs one trial process; resolves (never rejects) with `{ result }` (the last JSON line it printed) or
 * `{ error }` (exit code, timeout or no output, with the tail of its stderr).
 */
export function runTrial(argv, { cpu, cwd, timeoutMs }) {
  return new Promise((resolve) => {
    const child = start(argv, { cpu, cwd });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill(child);
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (!timedOut && code === 0 && line.startsWith('{')) return resolve({ result: JSON.parse(line) });
      const why = timedOut ? `timed out after ${timeoutMs / 1000} s` : `exited with ${code}`;
      resolve({ error: `${why}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}
