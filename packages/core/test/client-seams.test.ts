// The outbound gate (rate limiter seam) and the recording sink seam.
import { describe, expect, it } from 'vitest';
import { type OutboundGate, type RecordEntry, ZenError } from '../src/index.js';
import { connected } from './helpers.js';

/** A gate that holds every message until the test releases it (FIFO), or refuses it. */
function heldGate() {
  const held: Array<{ message: unknown; go: () => void; no: (e: ZenError) => void }> = [];
  let open = false;
  const gate: OutboundGate = {
    take(message) {
      if (open) return undefined;
      return new Promise<void>((go, no) => held.push({ message, go, no }));
    },
  };
  return {
    gate,
    held,
    releaseAll: () => {
      for (const h of held.splice(0)) h.go();
    },
    refuseAll: (e: ZenError) => {
      for (const h of held.splice(0)) h.no(e);
    },
    open: () => {
      open = true;
    },
  };
}

describe('limiter gate', () => {
  it('every outbound message waits for the gate, in order, and the gate sees the decoded message', async () => {
    const g = heldGate();
    const { client, sockets, clock } = await connected({ limiter: g.gate });
    const a = client.sendMessage({ method: 'a' });
    const b = client.request('b');
    const c = client.sendMessage('plain');
    await clock.flush();
    expect(sockets.last.sent).toEqual([]);
    expect(
      g.held.map((h) => (typeof h.message === 'string' ? h.message : (h.message as { method: string }).method)),
    ).toEqual(['a', 'b', 'plain']);
    g.releaseAll();
    await a;
    await c;
    expect(sockets.last.sentJson.map((m) => (typeof m === 'string' ? m : (m as { method: string }).method))).toEqual([
      'a',
      'b',
      'plain',
    ]);
    sockets.last.receive({ id: 1, result: 'ok' });
    await expect(b).resolves.toBe('ok');
  });

  it('a refused message rejects its caller with the gate error and sent: false; nothing is written', async () => {
    const g = heldGate();
    const { client, sockets, clock } = await connected({ limiter: g.gate });
    const req = client.request('x');
    const msg = client.sendMessage('y');
    await clock.flush();
    g.refuseAll(new ZenError('overflow', 'queue full'));
    await expect(req).rejects.toMatchObject({ code: 'overflow', sent: false, outcome: 'not_sent' });
    await expect(msg).rejects.toMatchObject({ code: 'overflow' });
    expect(sockets.last.sent).toEqual([]);
  });

  it('restores, heartbeat probes and ping frames pass the gate too', async () => {
    const g = heldGate();
    g.open();
    const { client, sockets, clock } = await connected({
      limiter: g.gate,
      mode: 'node',
      heartbeat: { type: 'ping_pong', interval: 1000 },
    });
    const sub = client.subscribe('a');
    sockets.last.receive({ id: 1, result: ['a'] });
    await sub;
    const seen: unknown[] = [];
    g.gate.take = (m) => {
      seen.push(m);
      return undefined;
    };
    await clock.advance(1000); // a ping frame
    sockets.last.serverClose(1006);
    await clock.advance(0);
    sockets.last.open(); // the restore
    expect(seen).toEqual([{ ping: '1' }, expect.objectContaining({ method: 'public/subscribe' })]);
  });
});

describe('recording sink', () => {
  it('gets every frame in and out with direction, type and time; close() flushes and closes it', async () => {
    const entries: RecordEntry[] = [];
    const calls: string[] = [];
    const sink = {
      record: (e: RecordEntry) => void entries.push(e),
      flush: () => void calls.push('flush'),
      close: () => void calls.push('close'),
    };
    const { client, sockets } = await connected({ recordTo: sink });
    await client.sendMessage('hello');
    await client.sendMessage(new Uint8Array([1, 2]));
    sockets.last.receive({ a: 1 });
    sockets.last.receive(new Uint8Array([3]));
    await client.close();
    expect(entries.map((e) => [e.dir, e.type, e.data, e.code])).toEqual([
      ['out', 'text', 'hello', undefined],
      ['out', 'binary', new Uint8Array([1, 2]), undefined],
      ['in', 'text', '{"a":1}', undefined],
      ['in', 'binary', new Uint8Array([3]), undefined],
      ['out', 'close', '', 1000],
    ]);
    expect(entries.every((e) => typeof e.ts === 'number' && e.ts > 1_600_000_000_000)).toBe(true);
    expect(calls).toEqual(['flush', 'close']);
  });

  it('records a server close with its code and reason', async () => {
    const entries: RecordEntry[] = [];
    const { sockets, clock } = await connected({ recordTo: { record: (e) => void entries.push(e) } });
    sockets.last.serverClose(1001, 'bye');
    await clock.flush();
    expect(entries.at(-1)).toMatchObject({ dir: 'in', type: 'close', data: 'bye', code: 1001 });
  });

  it('a sink that throws is reported once and dropped; the connection carries on', async () => {
    let calls = 0;
    const { client, sockets } = await connected({
      recordTo: {
        record: () => {
          calls++;
          throw new Error('disk full');
        },
      },
    });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    const got: unknown[] = [];
    client.on('message', (m) => got.push(m));
    sockets.last.receive({ a: 1 });
    sockets.last.receive({ a: 2 });
    expect(got).toEqual([{ a: 1 }, { a: 2 }]);
    expect(calls).toBe(1);
    expect(errors).toEqual([expect.stringContaining('disk full')]);
    expect(client.getState()).toBe('connected');
  });
});
