// What the numbers were measured on: CPUs, model, memory, runtime and library versions, date.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function version(root, pkg) {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/** First line of `<bin> --version`, or undefined when the binary is missing or fails. */
export function binaryVersion(bin) {
  if (!existsSync(bin)) return undefined;
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return out.status === 0 ? out.stdout.trim().split('\n')[0] : undefined;
}

export function describeMachine(root, { deno, bun }) {
  return {
    date: new Date().toISOString(),
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: cpuModel(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    deno: deno ?? 'not available',
    bun: bun ?? 'not available',
    ws: version(root, 'ws'),
    partysocket: version(root, 'partysocket'),
    reconnectingWebsocket: version(root, 'reconnecting-websocket'),
    zenWebsocket: version(root, 'zen-websocket'),
  };
}
