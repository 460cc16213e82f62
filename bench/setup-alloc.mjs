// Bytes allocated per connection (open, then close, one after another), by the function that allocated them:
// the built SDK (`zen-websocket`, default options, as the bench's setup trial opens it) against raw `ws`. Much
// steadier than setup timings on a shared machine: V8's sampling heap profiler, counting objects that were
// collected too, so it sees the garbage each connection leaves for the young generation's scavenges.
//
//   node bench/setup-alloc.mjs [--connections 2000] [--top 25] [--interval 64] [--concurrent] [--json]
//
// Starts bench/server.mjs (127.0.0.1, port 0), then one client process per implementation: 300 connections
// to warm up, then `connections` sampled (`--concurrent`: opened 500 at a time, then closed). Prints bytes per connection for each, and the functions whose
// allocations differ most between them (V8 attributes an inlined callee's allocations to its caller).
// Build first: `flock /tmp/zen-build.lock npx rollup -c --silent`.
import { spawnSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadImpl } from './lib/impls.mjs';
import { startServer } from './lib/procs.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '2000' },
    top: { type: 'string', default: '25' },
    interval: { type: 'string', default: '64' },
    json: { type: 'boolean', default: false },
    concurrent: { type: 'boolean', default: false },
    child: { type: 'string' },
    url: { type: 'string' },
  },
});
const connections = Number(values.connections);
const WARMUP = 300;

/** Runs in the child: `impl`'s allocations per connection, by `function file:line`. */
async function sample(name, url) {
  const impl = await loadImpl(name, 'node');
  for (let i = 0; i < WARMUP; i++) await impl.close(await impl.open(url));
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: Number(values.interval),
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  if (values.concurrent) {
    for (let i = 0; i < connections; i += 500) {
      const open = await Promise.all(Array.from({ length: Math.min(500, connections - i) }, () => impl.open(url)));
      await Promise.all(open.map((h) => impl.close(h)));
    }
  } else for (let i = 0; i < connections; i++) await impl.close(await impl.open(url));
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const byFunction = {};
  let total = 0;
  const walk = (node) => {
    const { functionName, url: file, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${file.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    total += node.selfSize;
    if (node.selfSize > 0) byFunction[key] = (byFunction[key] ?? 0) + node.selfSize / connections;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  return { bytesPerConnection: total / connections, byFunction };
}

if (values.child) {
  const result = await sample(values.child, values.url);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const server = await startServer(fileURLToPath(new URL('./server.mjs', import.meta.url)), { cwd: here });
const results = {};
try {
  for (const name of ['sdk', 'raw']) {
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', name, '--url', server.url, ...process.argv.slice(2)],
      { encoding: 'utf8', cwd: here, timeout: 300_000 },
    );
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    results[name] = JSON.parse(child.stdout.trim().split('\n').at(-1));
  }
} finally {
  server.stop();
}

const { sdk, raw } = results;
if (values.json) {
  console.log(JSON.stringify({ sdk: sdk.bytesPerConnection, raw: raw.bytesPerConnection }));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `allocated per connection (open + close${values.concurrent ? ', 500 at a time' : ''}), sampled every ${values.interval} B, ${connections} connections`,
  );
  console.log(`  zen-websocket ${kb(sdk.bytesPerConnection)}, raw ws ${kb(raw.bytesPerConnection)}`);
  console.log(`  SDK - raw: ${Math.round(sdk.bytesPerConnection - raw.bytesPerConnection)} B`);
  const keys = new Set([...Object.keys(sdk.byFunction), ...Object.keys(raw.byFunction)]);
  const rows = [...keys]
    .map((k) => [k, sdk.byFunction[k] ?? 0, raw.byFunction[k] ?? 0])
    .sort((a, b) => Math.abs(b[1] - b[2]) - Math.abs(a[1] - a[2]))
    .slice(0, Number(values.top));
  console.log('\n  sdk B   raw B   diff  function');
  for (const [k, s, r] of rows)
    console.log(`${s.toFixed(0).padStart(7)} ${r.toFixed(0).padStart(7)} ${(s - r).toFixed(0).padStart(6)}  ${k}`);
}
