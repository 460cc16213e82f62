// One trial of each scenario, run inside a fresh client process (bench/client.mjs) against bench/server.mjs.
// Each returns plain numbers; the parent takes medians over trials. No thresholds here.
import process from 'node:process';
import { loadImpl } from './impls.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMicros = (since) => {
  const { user, system } = process.cpuUsage(since);
  return user + system;
};

/**
 * Scenario 1 — inbound throughput. The server floods `messages` pre-serialised trades; the client decodes each
 * and hands it to a handler. Timed from the `flood` command to the last message, after an untimed warm-up.
 */
export async function inbound(impl, { url, messages, warmup }) {
  let received = 0;
  let target = 0;
  let last;
  let finish = () => {};
  const onMessage = (message) => {
    last = message;
    if (++received === target) finish();
  };
  const handle = await impl.open(url, onMessage);
  const flood = (n) =>
    new Promise((resolve) => {
      received = 0;
      target = n;
      finish = resolve;
      impl.send(handle, `flood ${n}`);
    });
  await flood(warmup);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await flood(messages);
  const ms = performance.now() - start;
  const cpuUs = cpuMicros(cpu);
  if (last?.e !== 'trade') throw new Error(`handler got ${typeof last}, not a decoded trade`);
  await impl.close(handle);
  return { messagesPerSecond: messages / (ms / 1000), cpuUsPerMessage: cpuUs / messages };
}

/** Scenario 2 — sequential JSON-RPC round trips: latency percentiles and client CPU per round trip. */
export async function roundTrip(impl, { url, requests, warmup }) {
  const rpc = await impl.openRpc(url);
  for (let i = 0; i < warmup; i++) await rpc.request('public/test', {});
  const samples = new Float64Array(requests);
  const cpu = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    const result = await rpc.request('public/test', {});
    samples[i] = performance.now() - start;
    if (result?.version === undefined) throw new Error('unexpected reply');
  }
  const cpuUs = cpuMicros(cpu);
  await rpc.close();
  samples.sort();
  const at = (p) => samples[Math.min(requests - 1, Math.round((p / 100) * (requests - 1)))] * 1000;
  return { p50Us: at(50), p99Us: at(99), maxUs: at(100), cpuUsPerRoundTrip: cpuUs / requests };
}

/** `connections` opened one after another: wall ms and client CPU µs per open (only the open is timed). */
async function sequentialOpens(impl, url, connections) {
  let total = 0;
  let cpuUs = 0;
  for (let i = 0; i < connections; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const handle = await impl.open(url);
    total += performance.now() - start;
    cpuUs += cpuMicros(cpu);
    await impl.close(handle);
  }
  return { ms: total / connections, cpuUs: cpuUs / connections };
}

/**
 * Opens by `impl` and by `reference` (raw) in the same process, in alternating blocks of `perBlock` (ABBA: the
 * order flips every block), so both see the same machine: the same neighbours, CPU frequency, JIT and heap. Across
 * fresh processes the raw socket's own per-open time moves by more than the gap being measured (bench/README.md,
 * "paired"). Returns each one's mean wall ms and client CPU µs per open.
 */
async function pairedOpens(impl, reference, url, blocks, perBlock) {
  const sums = [
    { ms: 0, cpuUs: 0 },
    { ms: 0, cpuUs: 0 },
  ];
  for (let block = 0; block < blocks; block++) {
    for (const which of block % 2 === 0 ? [0, 1] : [1, 0]) {
      const r = await sequentialOpens(which === 0 ? impl : reference, url, perBlock);
      sums[which].ms += r.ms / blocks;
      sums[which].cpuUs += r.cpuUs / blocks;
    }
  }
  return sums;
}

/**
 * Scenario 3 — connection setup: one after another (only the open is timed, with the client's CPU for it), twice:
 * the first `connections` after the short warm-up (`cold`: the JIT is still compiling code that runs once per
 * connection, a one-time cost per process) and, after `settle` more untimed opens, `connections` more (the steady
 * per-connection cost); then all
 * at once (wall time / count); then `paired`: `connections` more, alternating in blocks of 100 with a raw socket
 * in the same process, each block timed alike (the raw trial pairs raw with raw: the method's own bias).
 */
export async function setup(impl, { url, connections, warmup, settle = 0, runtime = 'node' }) {
  for (let i = 0; i < warmup; i++) await impl.close(await impl.open(url));
  const cold = await sequentialOpens(impl, url, connections);
  // untimed: per-open time keeps falling for thousands of opens (Node's http and net code, `ws` and the client
  // tier up), the SDK's for longer than raw's (bench/README.md, "Setup: where steady state starts")
  for (let i = 0; i < settle; i++) await impl.close(await impl.open(url));
  const warm = await sequentialOpens(impl, url, connections);
  const start = performance.now();
  const all = await Promise.all(Array.from({ length: connections }, () => impl.open(url)));
  const wall = performance.now() - start;
  await Promise.all(all.map((h) => impl.close(h)));
  const reference = await loadImpl('raw', runtime);
  for (let i = 0; i < warmup + connections; i++) await reference.close(await reference.open(url));
  const perBlock = Math.min(100, connections);
  const [mine, raw] = await pairedOpens(
    impl,
    reference,
    url,
    Math.max(2, Math.round(connections / perBlock)),
    perBlock,
  );
  return {
    sequentialMsPerConnection: warm.ms,
    sequentialCpuUsPerConnection: warm.cpuUs,
    coldSequentialMsPerConnection: cold.ms,
    coldSequentialCpuUsPerConnection: cold.cpuUs,
    concurrentMsPerConnection: wall / connections,
    pairedMsPerConnection: mine.ms,
    pairedRawMsPerConnection: raw.ms,
    pairedCpuUsPerConnection: mine.cpuUs,
    pairedRawCpuUsPerConnection: raw.cpuUs,
  };
}

async function collect() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await sleep(20);
  }
  return process.memoryUsage();
}

/** Opens `count` connections, `batch` at a time; returns the handles. */
async function openMany(impl, url, count, batch, onMessage) {
  const handles = [];
  while (handles.length < count) {
    const n = Math.min(batch, count - handles.length);
    handles.push(...(await Promise.all(Array.from({ length: n }, () => impl.open(url, onMessage)))));
  }
  return handles;
}

async function closeMany(impl, handles, batch) {
  for (let i = 0; i < handles.length; i += batch) await Promise.all(handles.slice(i, i + batch).map(impl.close));
}

function perConnection(before, after, count) {
  return {
    heapExternalBytes: (after.heapUsed + after.external - before.heapUsed - before.external) / count,
    rssBytes: (after.rss - before.rss) / count,
  };
}

/**
 * Scenario 4 — memory of idle connected clients (needs `--expose-gc`): growth over a baseline, per client,
 * after `idleMs` of idling (past the SDK's 5 s healthy uptime: the steady state of an idle client).
 */
export async function memory(impl, { url, clients, warmup, idleMs }) {
  await closeMany(impl, await openMany(impl, url, warmup, 50), 50);
  const before = await collect();
  const handles = await openMany(impl, url, clients, 100);
  await sleep(idleMs);
  const after = await collect();
  const open = handles.filter(impl.isOpen).length;
  if (open !== clients) throw new Error(`${clients - open} of ${clients} clients dropped while idle`);
  const result = perConnection(before, after, clients);
  await closeMany(impl, handles, 200);
  return result;
}

/**
 * Scenario 5 — scale: `connections` concurrent clients in this process. Holds when every one connects, every
 * one receives a broadcast, and every one is still open after `holdMs` of idling.
 */
export async function scale(impl, { url, connections, holdMs }) {
  let received = 0;
  const before = await collect();
  const start = performance.now();
  const handles = await openMany(impl, url, connections, 250, () => received++);
  const connectMs = performance.now() - start;
  impl.send(handles[0], 'broadcast');
  const deadline = performance.now() + 30_000;
  while (received < connections && performance.now() < deadline) await sleep(20);
  await sleep(holdMs);
  const open = handles.filter(impl.isOpen).length;
  const after = await collect();
  const result = {
    held: open === connections && received === connections ? 1 : 0,
    open,
    received,
    connectMsPerConnection: connectMs / connections,
    ...perConnection(before, after, connections),
    heapExternalTotalBytes: after.heapUsed + after.external,
    rssTotalBytes: after.rss,
  };
  await closeMany(impl, handles, 500);
  return result;
}

export const trials = { inbound, roundTrip, setup, memory, scale };
