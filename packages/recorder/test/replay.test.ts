// The memory sink, metadata and replay over every kind of source: order, corrupt lines, pacing.
// Pacing is checked by order and lower bounds of measured time only (never upper bounds).
import { describe, expect, it } from 'vitest';
import { memorySink, metadata, type RecordEntry, replay, type Source } from '../src/index.js';

const T0 = Date.UTC(2026, 0, 20, 15, 30, 45, 0);
const ENTRIES: RecordEntry[] = [
  { ts: T0, dir: 'out', type: 'text', data: '{"id":1,"method":"public/test"}' },
  { ts: T0 + 40, dir: 'in', type: 'text', data: '{"id":1,"result":{}}' },
  { ts: T0 + 80, dir: 'in', type: 'binary', data: new Uint8Array([9, 8, 7]) },
  { ts: T0 + 120, dir: 'in', type: 'close', data: 'Server going away', code: 1001 },
];

function recorded(): ReturnType<typeof memorySink> {
  const sink = memorySink();
  for (const entry of ENTRIES) sink.record(entry);
  return sink;
}

async function collect(source: Source, options = {}) {
  const seen: RecordEntry[] = [];
  const result = await replay(source, (entry) => void seen.push(entry), options);
  return { seen, ...result };
}

describe('memorySink', () => {
  it('keeps formatted, redacted lines and round-trips text, binary and close', async () => {
    const sink = memorySink();
    for (const entry of ENTRIES) sink.record(entry);
    sink.record({ ts: T0 + 130, dir: 'out', type: 'text', data: '{"params":{"access_token":"zz-secret-zz"}}' });
    expect(sink.read()).toHaveLength(5);
    expect(sink.text()).not.toContain('zz-secret-zz');
    expect(sink.text().endsWith('}\n')).toBe(true);
    const { seen } = await collect(sink);
    expect(seen.slice(0, 4)).toEqual(ENTRIES);
  });

  it('keeps only the newest maxEntries lines', () => {
    const sink = memorySink({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) sink.record({ ts: T0 + i, dir: 'in', type: 'text', data: String(i) });
    expect(sink.read().map((line) => JSON.parse(line).data)).toEqual(['7', '8', '9']);
    sink.clear();
    expect(sink.read()).toEqual([]);
    expect(() => memorySink({ maxEntries: 0 })).toThrow(RangeError);
  });
});

describe('metadata', () => {
  it('counts entries in and out, first and last timestamps and the duration', async () => {
    expect(await metadata(recorded())).toEqual({
      count: 4,
      inbound: 3,
      outbound: 1,
      firstTs: T0,
      lastTs: T0 + 120,
      durationMs: 120,
      skipped: 0,
    });
  });

  it('reports zeros for an empty recording', async () => {
    expect(await metadata('')).toEqual({
      count: 0,
      inbound: 0,
      outbound: 0,
      firstTs: undefined,
      lastTs: undefined,
      durationMs: 0,
      skipped: 0,
    });
  });
});

describe('replay', () => {
  const text = recorded().text();

  it.each<[string, () => Source]>([
    ['a memory sink', () => recorded()],
    ['JSONL text', () => text],
    ['an array of lines', () => text.split('\n')],
    ['a Blob', () => new Blob([text])],
    [
      'an async iterable of lines',
      () =>
        (async function* () {
          yield* text.split('\n');
        })(),
    ],
    ['a readable sink returning a promise', () => ({ read: async () => text.split('\n') })],
  ])('reads %s in recorded order', async (_, source) => {
    const { seen, replayed, skipped } = await collect(source());
    expect(seen).toEqual(ENTRIES);
    expect({ replayed, skipped }).toEqual({ replayed: 4, skipped: 0 });
  });

  it('skips corrupt lines, counts them, and ignores blank ones', async () => {
    const lines = text.trim().split('\n');
    const damaged = [
      lines[0],
      '{"ts":"2026-01-20T15:30:45Z","dir":"in","type":"ping","data":"x"}',
      '',
      '   ',
      lines[1],
      '{"truncated":',
      lines[2],
      'garbage',
      lines[3],
      '{"ts":"2026-01-20T15:3',
    ].join('\n');
    const { seen, replayed, skipped } = await collect(damaged);
    expect(seen).toEqual(ENTRIES);
    expect({ replayed, skipped }).toEqual({ replayed: 4, skipped: 4 });
    expect((await metadata(damaged)).skipped).toBe(4);
  });

  it('tells a file path from JSONL text', async () => {
    await expect(replay('session.jsonl', () => {})).rejects.toThrow(/fromFile/);
  });

  it('awaits an async callback before the next entry', async () => {
    const order: string[] = [];
    await replay(recorded(), async (entry) => {
      order.push(`start ${entry.ts - T0}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`end ${entry.ts - T0}`);
    });
    expect(order).toEqual(['start 0', 'end 0', 'start 40', 'end 40', 'start 80', 'end 80', 'start 120', 'end 120']);
  });

  it("paces 'realtime' by the recorded gaps (lower bounds only)", async () => {
    const times: number[] = [];
    const start = performance.now();
    await replay(recorded(), () => void times.push(performance.now() - start), { pace: 'realtime' });
    expect(times).toHaveLength(4);
    for (const [i, entry] of ENTRIES.entries()) expect(times[i]).toBeGreaterThanOrEqual(entry.ts - T0 - 2);
  });

  it('paces by a speed factor', async () => {
    const times: number[] = [];
    const start = performance.now();
    await replay(recorded(), () => void times.push(performance.now() - start), { pace: 4 });
    for (const [i, entry] of ENTRIES.entries()) expect(times[i]).toBeGreaterThanOrEqual((entry.ts - T0) / 4 - 2);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("does not wait with 'asap' (the default), whatever the recorded gaps", async () => {
    const far = memorySink();
    far.record({ ts: T0, dir: 'in', type: 'text', data: 'a' });
    far.record({ ts: T0 + 3_600_000, dir: 'in', type: 'text', data: 'b' });
    const { replayed } = await collect(far); // would take an hour if it waited
    expect(replayed).toBe(2);
  });

  it('rejects a bad pace with a RangeError', async () => {
    for (const pace of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 'fast'])
      await expect(replay(recorded(), () => {}, { pace: pace as never })).rejects.toThrow(RangeError);
  });

  it('stops when its signal aborts, even mid-wait', async () => {
    const slow = memorySink();
    slow.record({ ts: T0, dir: 'in', type: 'text', data: 'a' });
    slow.record({ ts: T0 + 60_000, dir: 'in', type: 'text', data: 'b' });
    const controller = new AbortController();
    const seen: unknown[] = [];
    const run = replay(slow, (entry) => void seen.push(entry.data), { pace: 'realtime', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('enough')), 20);
    await expect(run).rejects.toThrow('enough');
    expect(seen).toEqual(['a']);
  });
});
