// Turns trial results into the report: one summary table (every figure as SDK / reference, with DESIGN.md's
// target where it sets one) and one detail table per scenario (every implementation's medians and spread).
import { fmt, fmtRatio, median, spread } from './stats.mjs';

const KiB = 1024;
const MiB = 1024 * 1024;

export const LABELS = {
  sdk: 'zen-websocket',
  'sdk-no-heartbeat': 'zen-websocket (heartbeat disabled)',
  raw: 'raw ws',
  partysocket: 'partysocket',
  'reconnecting-websocket': 'reconnecting-websocket',
};

const RUNTIME_RAW = { node: 'raw ws', deno: 'Deno WebSocket', bun: 'Bun WebSocket' };

/** Metrics per trial kind: field, label, unit scale, and whether higher is better. */
export const METRICS = {
  inbound: [
    { field: 'messagesPerSecond', label: 'messages/s', higher: true },
    { field: 'cpuUsPerMessage', label: 'client CPU µs per message' },
  ],
  roundTrip: [
    { field: 'p50Us', label: 'p50 µs' },
    { field: 'p99Us', label: 'p99 µs' },
    { field: 'maxUs', label: 'max µs' },
    { field: 'cpuUsPerRoundTrip', label: 'client CPU µs per round trip' },
  ],
  setup: [
    { field: 'sequentialMsPerConnection', label: 'sequential ms per connection' },
    { field: 'sequentialCpuUsPerConnection', label: 'client CPU µs per sequential connection' },
    { field: 'concurrentMsPerConnection', label: 'concurrent ms per connection' },
    {
      field: 'coldSequentialMsPerConnection',
      label: 'sequential ms per connection, cold (the first after warm-up: JIT still compiling)',
    },
    { field: 'coldSequentialCpuUsPerConnection', label: 'client CPU µs per sequential connection, cold' },
    {
      field: 'pairedMsPerConnection',
      label: 'sequential ms per connection, paired (alternating blocks with raw ws in the same process)',
    },
    { field: 'pairedRawMsPerConnection', label: 'raw ws in the same process, ms per connection (paired)' },
    { field: 'pairedCpuUsPerConnection', label: 'client CPU µs per connection, paired' },
    { field: 'pairedRawCpuUsPerConnection', label: 'raw ws in the same process, CPU µs per connection (paired)' },
  ],
  memory: [
    { field: 'heapExternalBytes', label: 'heap+external KiB per idle client', scale: KiB },
    { field: 'rssBytes', label: 'RSS KiB per idle client', scale: KiB },
  ],
  scale: [
    { field: 'held', label: 'held (1 = every connection open and reached)', higher: true },
    { field: 'connectMsPerConnection', label: 'connect ms per connection (250 at a time)' },
    { field: 'heapExternalBytes', label: 'heap+external KiB per connection', scale: KiB },
    { field: 'rssBytes', label: 'RSS KiB per connection', scale: KiB },
    { field: 'heapExternalTotalBytes', label: 'heap+external MiB total', scale: MiB },
    { field: 'rssTotalBytes', label: 'RSS MiB total', scale: MiB },
  ],
};

/**
 * Summary rows: [scenario key, field, SDK impl, reference impl, target, paired]. A target is `{ op, ratio }` on
 * SDK / reference; rows without one are context. `paired` names the field of the SDK's own trials that holds the
 * reference measured in the same process: the ratio is then the median of each trial's own ratio.
 */
const SUMMARY = [
  ['node.inbound', 'cpuUsPerMessage', 'sdk', 'raw', { op: '≤', ratio: 1.05 }],
  ['node.inbound', 'messagesPerSecond', 'sdk', 'raw', { op: '≥', ratio: 0.95 }],
  ['node.inbound', 'cpuUsPerMessage', 'sdk-no-heartbeat', 'raw'],
  ['node.inbound', 'cpuUsPerMessage', 'sdk', 'partysocket'],
  ['node.inbound', 'cpuUsPerMessage', 'sdk', 'reconnecting-websocket'],
  ['node.inbound', 'messagesPerSecond', 'sdk', 'partysocket'],
  ['node.inbound', 'messagesPerSecond', 'sdk', 'reconnecting-websocket'],
  ['node.roundTrip', 'p50Us', 'sdk', 'raw', { op: '≤', ratio: 1.05 }],
  ['node.roundTrip', 'cpuUsPerRoundTrip', 'sdk', 'raw', { op: '≤', ratio: 1.05 }],
  ['node.roundTrip', 'p99Us', 'sdk', 'raw'],
  ['node.roundTrip', 'maxUs', 'sdk', 'raw'],
  ['node.setup', 'sequentialMsPerConnection', 'sdk', 'raw', { op: '≤', ratio: 1.1 }],
  ['node.setup', 'concurrentMsPerConnection', 'sdk', 'raw', { op: '≤', ratio: 1.1 }],
  ['node.setup', 'pairedMsPerConnection', 'sdk', 'raw', { op: '≤', ratio: 1.1 }, 'pairedRawMsPerConnection'],
  ['node.setup', 'pairedCpuUsPerConnection', 'sdk', 'raw', undefined, 'pairedRawCpuUsPerConnection'],
  // raw against raw in the same process: the paired method's own bias (1.00 when it has none)
  ['node.setup', 'pairedMsPerConnection', 'raw', 'raw', undefined, 'pairedRawMsPerConnection'],
  ['node.setup', 'sequentialCpuUsPerConnection', 'sdk', 'raw'],
  ['node.setup', 'coldSequentialMsPerConnection', 'sdk', 'raw'],
  ['node.setup', 'coldSequentialCpuUsPerConnection', 'sdk', 'raw'],
  ['node.setup', 'sequentialMsPerConnection', 'sdk', 'partysocket'],
  ['node.setup', 'sequentialMsPerConnection', 'sdk', 'reconnecting-websocket'],
  ['node.memory', 'heapExternalBytes', 'sdk', 'raw', { op: '≤', ratio: 1.5 }],
  ['node.memory', 'heapExternalBytes', 'sdk-no-heartbeat', 'raw'],
  ['node.memory', 'rssBytes', 'sdk', 'raw'],
  ['node.memory', 'heapExternalBytes', 'sdk', 'partysocket'],
  ['node.memory', 'heapExternalBytes', 'sdk', 'reconnecting-websocket'],
  ['node.scale', 'held', 'sdk', 'raw', { op: 'held' }],
  ['node.scale', 'heapExternalBytes', 'sdk', 'raw'],
  ['node.scale', 'rssTotalBytes', 'sdk', 'raw'],
];

const RUNTIME_SUMMARY = [
  ['inbound', 'cpuUsPerMessage'],
  ['inbound', 'messagesPerSecond'],
  ['roundTrip', 'p50Us'],
  ['roundTrip', 'p99Us'],
  ['roundTrip', 'cpuUsPerRoundTrip'],
];

const TITLES = {
  inbound: 'inbound',
  roundTrip: 'round trip',
  setup: 'connection setup',
  memory: 'idle memory',
  scale: 'scale',
};
const NUMBERS = { inbound: 1, roundTrip: 2, setup: 3, memory: 4, scale: 5 };

/** `inbound`, `inbound (deno)`, `scale (10,000 connections)`… */
export function scenarioTitle(scenario) {
  const title = TITLES[scenario.trial];
  if (scenario.trial === 'scale') return `${title} (${fmt(scenario.params.connections)} connections)`;
  return scenario.runtime === 'node' ? title : `${title} (${scenario.runtime})`;
}

function metricOf(trial, field) {
  return METRICS[trial].find((m) => m.field === field);
}

function medianOf(results, key, impl, metric) {
  const values = (results[key]?.[impl] ?? []).map((r) => r[metric.field] / (metric.scale ?? 1));
  return median(values);
}

function verdict(target, ratio, sdkValue) {
  if (!target) return { target: '—', met: undefined };
  if (target.op === 'held') return { target: 'held', met: sdkValue === 1 };
  const met = Number.isFinite(ratio) ? (target.op === '≤' ? ratio <= target.ratio : ratio >= target.ratio) : false;
  return { target: `${target.op} ${target.ratio}`, met };
}

/** Summary rows for the runtime scenarios and the size check; each has a stable `id`. */
export function summaryRows(results, scenarios, sizes) {
  const rows = [];
  const trialOf = Object.fromEntries(scenarios.map((s) => [s.key, s]));
  const add = (key, field, sdk, ref, target, paired) => {
    const scenario = trialOf[key];
    if (!scenario) return;
    const metric = metricOf(scenario.trial, field);
    const sdkValue = medianOf(results, key, sdk, metric);
    const refValue = medianOf(results, key, paired ? sdk : ref, paired ? metricOf(scenario.trial, paired) : metric);
    const ratio = paired ? median((results[key]?.[sdk] ?? []).map((r) => r[field] / r[paired])) : sdkValue / refValue;
    const runtime = scenario.runtime;
    rows.push({
      id: `${key}.${field}.${sdk}.${ref}${paired ? '.paired' : ''}`,
      number: runtime === 'node' ? NUMBERS[scenario.trial] : 6,
      scenario: scenarioTitle(scenario),
      metric: metric.label,
      sdk: LABELS[sdk],
      sdkValue,
      reference: `${ref === 'raw' ? RUNTIME_RAW[runtime] : LABELS[ref]}${paired ? ' (same process)' : ''}`,
      refValue,
      ratio,
      ...verdict(target, ratio, sdkValue),
    });
  };
  for (const [key, field, sdk, ref, target, paired] of SUMMARY) add(key, field, sdk, ref, target, paired);
  for (const s of scenarios.filter((s) => s.runtime !== 'node')) {
    for (const [trial, field] of RUNTIME_SUMMARY) if (trial === s.trial) add(s.key, field, 'sdk', 'raw');
  }
  for (const entry of sizes) {
    const ratio = entry.gzip / entry.budget;
    rows.push({
      id: `size.${entry.file}`,
      number: 7,
      scenario: 'bundle size',
      metric: `${entry.file} gzip bytes`,
      sdk: '',
      sdkValue: entry.gzip,
      reference: 'DESIGN.md budget',
      refValue: entry.budget,
      ratio,
      target: '≤ 1.00',
      met: ratio <= 1,
    });
  }
  return rows;
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function metCell(met) {
  if (met === undefined) return '';
  return met ? 'met' : '**missed**';
}

export function summaryTable(rows) {
  return table(
    ['#', 'scenario', 'metric', 'zen-websocket', 'reference', 'value', 'SDK / ref', 'target', 'result'],
    rows.map((r) => [
      r.number,
      r.scenario,
      r.sdk === LABELS.sdk || r.sdk === '' ? r.metric : `${r.metric} — ${r.sdk}`,
      fmt(r.sdkValue),
      r.reference,
      fmt(r.refValue),
      fmtRatio(r.ratio),
      r.target,
      metCell(r.met),
    ]),
  );
}

/** One table per scenario: each implementation's median (min–max over trials) per metric, and its ratio to raw. */
export function detailTable(results, scenario) {
  const metrics = METRICS[scenario.trial];
  const header = ['implementation', 'trials', ...metrics.flatMap((m) => [m.label, '/ raw'])];
  const rows = scenario.impls.map((impl) => {
    const trials = results[scenario.key]?.[impl] ?? [];
    const cells = metrics.flatMap((m) => {
      const values = trials.map((r) => r[m.field] / (m.scale ?? 1));
      const [lo, hi] = spread(values);
      const mid = median(values);
      const raw = medianOf(results, scenario.key, 'raw', m);
      const range = trials.length > 1 ? ` (${fmt(lo)}–${fmt(hi)})` : '';
      return [`${fmt(mid)}${range}`, impl === 'raw' ? '1' : fmtRatio(mid / raw)];
    });
    const label = impl === 'raw' ? RUNTIME_RAW[scenario.runtime] : LABELS[impl];
    return [label, trials.length, ...cells];
  });
  return table(header, rows);
}

export function sizeTable(sizes) {
  return table(
    ['entry', 'minified bytes', 'gzip bytes', 'budget', 'gzip / budget'],
    sizes.map((s) => [s.file, fmt(s.raw), fmt(s.gzip), fmt(s.budget), fmtRatio(s.gzip / s.budget)]),
  );
}
