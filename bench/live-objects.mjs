// Live objects and bytes per open connection, by constructor: the built SDK (`zen-websocket`, default options,
// as the bench's setup trial opens it) against raw `ws`. Deterministic, unlike timings on a shared machine:
// the young generation's scavenges cost with the number of live objects and pointers (bench/README.md,
// "Concurrent setup: where the gap is, by bisection"), so this count is the figure to drive down.
//
//   node bench/live-objects.mjs [--connections 500] [--top 25] [--impls sdk,raw] [--json] [--why GROUP]
//
// `--why '(number)'` (any group name as printed) also lists what holds the new objects of that group: the
// holder's group and the edge (field) name, per connection.
//
// Starts bench/server.mjs (127.0.0.1, port 0) in its own process, then one client process per implementation:
// it opens and closes 20 connections (warm-up: lazily made code and shared objects exist), takes a heap snapshot,
// opens `connections` at once, takes another, and reports the difference per constructor divided by the count.
// Build first: `flock /tmp/zen-build.lock npx rollup -c --silent`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { loadImpl } from './lib/impls.mjs';
import { startServer } from './lib/procs.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '500' },
    top: { type: 'string', default: '25' },
    impls: { type: 'string', default: 'sdk,raw' },
    json: { type: 'boolean', default: false },
    why: { type: 'string' },
    child: { type: 'string' },
    url: { type: 'string' },
  },
});
const connections = Number(values.connections);

/** Reads a heap snapshot and sums self sizes and counts per group (constructor name, or the kind of thing). */
async function census() {
  let text = '';
  for await (const chunk of v8.getHeapSnapshot()) text += chunk;
  const heap = JSON.parse(text);
  const { snapshot, nodes, strings } = heap;
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  /** The group of the node at `i`: objects and closures by their constructor / function name, arrays and hidden
   * things by V8's label ("(object properties)"…), strings, numbers and code by their kind (their names are
   * their contents). */
  const groupOf = (i) => {
    const type = types[nodes[i + iType]];
    const named = type === 'object' || type === 'closure' || type === 'array' || type === 'hidden';
    return named ? `${type === 'closure' ? 'closure ' : ''}${strings[nodes[i + iName]]}` : `(${type})`;
  };
  const groups = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const key = groupOf(i);
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += nodes[i + iSize];
    groups.set(key, g);
  }
  return { groups, heap, groupOf };
}

/**
 * What the second snapshot needs of the first, kept in as few objects as possible (they are in the second
 * snapshot too): the groups as one JSON string, and the node ids (for `--why`) in one typed array.
 */
function compact({ groups, heap }) {
  const { nodes, snapshot } = heap;
  const width = snapshot.meta.node_fields.length;
  const iId = snapshot.meta.node_fields.indexOf('id');
  const ids = values.why ? new Float64Array(nodes.length / width) : undefined;
  if (ids) for (let i = 0, k = 0; i < nodes.length; i += width) ids[k++] = nodes[i + iId];
  return { groups: JSON.stringify([...groups]), ids };
}

/** For the nodes of `group` in `after` that were not in `before`: their holders as "holder group.edge" → count. */
function holders(before, after, group) {
  const { snapshot, nodes, edges, strings } = after.heap;
  const width = snapshot.meta.node_fields.length;
  const iId = snapshot.meta.node_fields.indexOf('id');
  const iEdges = snapshot.meta.node_fields.indexOf('edge_count');
  const ef = snapshot.meta.edge_fields;
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  const edgeTypes = snapshot.meta.edge_types[0];
  const old = new Set(before.ids);
  const counts = new Map();
  let e = 0;
  for (let i = 0; i < nodes.length; i += width) {
    for (let k = 0; k < nodes[i + iEdges]; k++, e += ef.length) {
      if (edgeTypes[edges[e + eType]] === 'weak') continue;
      const to = edges[e + eTo];
      if (old.has(nodes[to + iId]) || after.groupOf(to) !== group) continue;
      const kind = edgeTypes[edges[e + eType]];
      const name = kind === 'element' || kind === 'hidden' ? `[${edges[e + eName]}]` : strings[edges[e + eName]];
      const key = `${after.groupOf(i)}.${name}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return Object.fromEntries([...counts].sort((x, y) => y[1] - x[1]).map(([k, n]) => [k, n / connections]));
}

async function child(name, url) {
  const impl = await loadImpl(name, 'node');
  for (let i = 0; i < 20; i++) await impl.close(await impl.open(url));
  const before = await compact(await census());
  const handles = await Promise.all(Array.from({ length: connections }, () => impl.open(url)));
  const after = await census();
  const perConnection = {};
  const beforeGroups = new Map(JSON.parse(before.groups));
  if (values.why) perConnection['(why)'] = holders(before, after, values.why);
  for (const [key, g] of after.groups) {
    const b = beforeGroups.get(key) ?? { count: 0, bytes: 0 };
    const count = (g.count - b.count) / connections;
    const bytes = (g.bytes - b.bytes) / connections;
    if (count !== 0 || bytes !== 0) perConnection[key] = { count, bytes };
  }
  await Promise.all(handles.map((h) => impl.close(h)));
  process.stdout.write(`${JSON.stringify(perConnection)}\n`);
}

function runChild(name, url) {
  const out = spawnSync(
    process.execPath,
    [
      fileURLToPath(import.meta.url),
      ...['--child', name, '--url', url, '--connections', String(connections)],
      ...(values.why ? ['--why', values.why] : []),
    ],
    { cwd: here, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (out.status !== 0) throw new Error(`${name}: exited with ${out.status}: ${out.stderr.slice(-2000)}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1));
}

const total = (r) =>
  Object.values(r).reduce((t, g) => ({ count: t.count + g.count, bytes: t.bytes + g.bytes }), { count: 0, bytes: 0 });
const fmt = (n) => (Math.abs(n) >= 10 ? n.toFixed(0) : n.toFixed(2).replace(/\.?0+$/, '') || '0');

async function main() {
  const server = await startServer(fileURLToPath(new URL('./server.mjs', import.meta.url)), { cwd: here });
  const names = values.impls.split(',');
  const results = {};
  const why = {};
  try {
    for (const name of names) {
      results[name] = runChild(name, server.url);
      why[name] = results[name]['(why)'];
      delete results[name]['(why)'];
    }
  } finally {
    server.stop();
  }
  if (values.why) for (const name of names) console.log(`holders of new ${values.why}, ${name}:`, why[name]);
  if (values.json) return console.log(JSON.stringify({ connections, results }));
  const [a, b] = names;
  const ta = total(results[a]);
  const tb = b ? total(results[b]) : { count: 0, bytes: 0 };
  console.log(`live per open connection (${connections} connections)`);
  for (const name of names) {
    const t = total(results[name]);
    console.log(`  ${name.padEnd(8)} ${fmt(t.count).padStart(7)} objects ${fmt(t.bytes).padStart(8)} B`);
  }
  if (!b) return;
  console.log(`  ${a} - ${b}: ${fmt(ta.count - tb.count)} objects, ${fmt(ta.bytes - tb.bytes)} B`);
  console.log(
    `\n${'group'.padEnd(40)} ${`${a} n`.padStart(8)} ${`${b} n`.padStart(8)} ${'Δn'.padStart(7)} ${'ΔB'.padStart(7)}`,
  );
  const keys = new Set([...Object.keys(results[a]), ...Object.keys(results[b])]);
  const rows = [...keys].map((key) => {
    const x = results[a][key] ?? { count: 0, bytes: 0 };
    const y = results[b][key] ?? { count: 0, bytes: 0 };
    return { key, x, y, dn: x.count - y.count, db: x.bytes - y.bytes };
  });
  rows.sort((p, q) => Math.abs(q.dn) - Math.abs(p.dn) || Math.abs(q.db) - Math.abs(p.db));
  for (const r of rows.slice(0, Number(values.top))) {
    if (Math.abs(r.dn) < 0.01 && Math.abs(r.db) < 1) continue;
    console.log(
      `${r.key.slice(0, 40).padEnd(40)} ${fmt(r.x.count).padStart(8)} ${fmt(r.y.count).padStart(8)} ${fmt(r.dn).padStart(7)} ${fmt(r.db).padStart(7)}`,
    );
  }
}

if (values.child) await child(values.child, values.url);
else await main();
