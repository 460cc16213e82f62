// lazySink: the web build's `recordTo: 'name'` sink while the IndexedDB sink is being imported. Loads are
// settled by hand, so each case checks what happens before and after the real sink arrives.
import type { RecordEntry, RecordSink } from '@zen-websocket/core';
import { memorySink } from '@zen-websocket/recorder';
import { describe, expect, it } from 'vitest';
import { lazySink } from '../src/lazy-sink.js';

const entry = (n: number): RecordEntry => ({ ts: n, dir: 'in', type: 'text', data: `frame ${n}` });

function deferred() {
  let settle!: { resolve(sink: RecordSink): void; reject(error: unknown): void };
  const promise = new Promise<RecordSink>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { promise, settle };
}

describe('lazySink', () => {
  it('keeps what is recorded while loading and hands it over in order, then records straight through', async () => {
    const d = deferred();
    const sink = lazySink(d.promise);
    sink.record(entry(1));
    sink.record(entry(2));
    const real = memorySink();
    d.settle.resolve(real);
    await sink.ready;
    sink.record(entry(3));
    expect(real.read().map((line) => (JSON.parse(line) as { data: string }).data)).toEqual([
      'frame 1',
      'frame 2',
      'frame 3',
    ]);
  });

  it('flush and close wait for the real sink and reach it', async () => {
    const d = deferred();
    const sink = lazySink(d.promise);
    const calls: string[] = [];
    const closing = sink.close?.();
    d.settle.resolve({
      record: () => {},
      flush: () => void calls.push('flush'),
      close: () => void calls.push('close'),
    });
    await closing;
    await sink.flush?.();
    expect(calls).toEqual(['close', 'flush']);
  });

  it('a sink that cannot be made: ready still resolves, record throws the reason, flush and close reject', async () => {
    const d = deferred();
    const sink = lazySink(d.promise);
    sink.record(entry(1)); // kept while loading, dropped with the failure
    const reason = new TypeError('No IndexedDB here');
    d.settle.reject(reason);
    await expect(sink.ready).resolves.toBeUndefined();
    expect(() => sink.record(entry(2))).toThrow(reason);
    await expect(sink.flush?.()).rejects.toBe(reason);
    await expect(sink.close?.()).rejects.toBe(reason);
  });
});
