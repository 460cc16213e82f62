import { describe, expect, it } from 'vitest';
import { ZenError } from '../src/errors.js';
import { EventHub } from '../src/events.js';
import { Telemetry } from '../src/telemetry.js';

interface TestEvents {
  tick: number;
  other: string;
  error: ZenError;
  [key: string]: unknown;
  [key: symbol]: unknown;
}

describe('EventHub', () => {
  it('delivers payloads to every handler in registration order', () => {
    const hub = new EventHub<TestEvents>();
    const seen: string[] = [];
    hub.on('tick', (n) => seen.push(`a${n}`));
    hub.on('tick', (n) => seen.push(`b${n}`));
    hub.on('other', (s) => seen.push(`other:${s}`));
    hub.emit('tick', 1);
    hub.emit('other', 'x');
    hub.emit('tick', 2);
    expect(seen).toEqual(['a1', 'b1', 'other:x', 'a2', 'b2']);
  });

  it('emitting with no handler does nothing', () => {
    const hub = new EventHub<TestEvents>();
    expect(() => hub.emit('tick', 1)).not.toThrow();
  });

  it('on() returns an unsubscribe that removes only that handler', () => {
    const hub = new EventHub<TestEvents>();
    const seen: string[] = [];
    const offA = hub.on('tick', (n) => seen.push(`a${n}`));
    hub.on('tick', (n) => seen.push(`b${n}`));
    offA();
    hub.emit('tick', 1);
    expect(seen).toEqual(['b1']);
  });

  it('unsubscribe is idempotent and does not remove other handlers', () => {
    const hub = new EventHub<TestEvents>();
    const seen: number[] = [];
    const off = hub.on('tick', () => seen.push(1));
    hub.on('tick', () => seen.push(2));
    off();
    off();
    hub.emit('tick', 0);
    expect(seen).toEqual([2]);
  });

  it('the same function added twice is removed one registration at a time', () => {
    const hub = new EventHub<TestEvents>();
    let calls = 0;
    const handler = () => {
      calls++;
    };
    const off1 = hub.on('tick', handler);
    hub.on('tick', handler);
    off1();
    hub.emit('tick', 0);
    expect(calls).toBe(1);
  });

  it('a throwing handler does not stop the next one and is reported on error', () => {
    const hub = new EventHub<TestEvents>();
    const thrown = new Error('handler bug');
    const reported: ZenError[] = [];
    const seen: number[] = [];
    hub.on('error', (e) => reported.push(e));
    hub.on('tick', () => {
      throw thrown;
    });
    hub.on('tick', (n) => seen.push(n));
    expect(() => hub.emit('tick', 7)).not.toThrow();
    expect(seen).toEqual([7]);
    expect(reported).toHaveLength(1);
    const [error] = reported;
    expect(error).toBeInstanceOf(ZenError);
    expect(error?.code).toBe('handler_error');
    expect(error?.cause).toBe(thrown);
    expect(error?.message).toContain('"tick"');
    expect(error?.message).toContain('handler bug');
  });

  it('reports a thrown non-Error value as the cause', () => {
    const hub = new EventHub<TestEvents>();
    const reported: ZenError[] = [];
    hub.on('error', (e) => reported.push(e));
    hub.on('tick', () => {
      throw 'a string';
    });
    hub.emit('tick', 1);
    expect(reported[0]?.cause).toBe('a string');
  });

  it('a throwing handler with no error listener is swallowed', () => {
    const hub = new EventHub<TestEvents>();
    const seen: number[] = [];
    hub.on('tick', () => {
      throw new Error('x');
    });
    hub.on('tick', (n) => seen.push(n));
    expect(() => hub.emit('tick', 3)).not.toThrow();
    expect(seen).toEqual([3]);
  });

  it('a throwing error handler neither loops nor throws, and the next error handler still runs', () => {
    const hub = new EventHub<TestEvents>();
    let errorCalls = 0;
    const reported: ZenError[] = [];
    hub.on('error', () => {
      errorCalls++;
      throw new Error('error handler bug');
    });
    hub.on('error', (e) => reported.push(e));
    hub.on('tick', () => {
      throw new Error('tick bug');
    });
    expect(() => hub.emit('tick', 1)).not.toThrow();
    expect(errorCalls).toBe(1);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.code).toBe('handler_error');

    const direct = new ZenError('closed', 'direct');
    expect(() => hub.emit('error', direct)).not.toThrow();
    expect(errorCalls).toBe(2);
    expect(reported).toEqual([expect.anything(), direct]);
  });

  // A thrown value that String() cannot convert (a null-prototype object) must not make the report itself
  // throw: the error would escape emit() and skip the following handlers.
  it('a handler throwing a null-prototype object does not break emit() or the next handler', () => {
    const hub = new EventHub<TestEvents>();
    const seen: number[] = [];
    const reported: ZenError[] = [];
    hub.on('error', (e) => reported.push(e));
    hub.on('tick', () => {
      throw Object.create(null);
    });
    hub.on('tick', (n) => seen.push(n));
    expect(() => hub.emit('tick', 1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(reported).toHaveLength(1);
  });

  it('has() reflects listeners per event', () => {
    const hub = new EventHub<TestEvents>();
    expect(hub.has('tick')).toBe(false);
    const off1 = hub.on('tick', () => undefined);
    const off2 = hub.on('tick', () => undefined);
    expect(hub.has('tick')).toBe(true);
    expect(hub.has('other')).toBe(false);
    off1();
    expect(hub.has('tick')).toBe(true);
    off2();
    expect(hub.has('tick')).toBe(false);
  });

  it('clear() removes every handler', () => {
    const hub = new EventHub<TestEvents>();
    let calls = 0;
    hub.on('tick', () => calls++);
    hub.on('other', () => calls++);
    hub.clear();
    hub.emit('tick', 1);
    hub.emit('other', 'x');
    expect(calls).toBe(0);
    expect(hub.has('tick')).toBe(false);
  });
});

interface Metrics {
  'a.b': { n: number };
  'c.d': { s: string };
  [key: string]: unknown;
  [key: symbol]: unknown;
}

describe('Telemetry', () => {
  it('delivers payloads to listeners of that name only', () => {
    const bus = new Telemetry<Metrics>();
    const seen: unknown[] = [];
    bus.on('a.b', (p) => seen.push(p));
    bus.emit('a.b', { n: 1 });
    bus.emit('c.d', { s: 'x' });
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('emit with no listener is a no-op', () => {
    const bus = new Telemetry<Metrics>();
    expect(() => bus.emit('a.b', { n: 1 })).not.toThrow();
    expect(bus.wants('a.b')).toBe(false);
  });

  it('wants() reflects listeners per name', () => {
    const bus = new Telemetry<Metrics>();
    expect(bus.wants('a.b')).toBe(false);
    const off = bus.on('a.b', () => undefined);
    expect(bus.wants('a.b')).toBe(true);
    expect(bus.wants('c.d')).toBe(false);
    off();
    expect(bus.wants('a.b')).toBe(false);
  });

  it('unsubscribe stops delivery and is idempotent', () => {
    const bus = new Telemetry<Metrics>();
    const a: number[] = [];
    const b: number[] = [];
    const offA = bus.on('a.b', (p) => a.push(p.n));
    bus.on('a.b', (p) => b.push(p.n));
    offA();
    offA();
    offA();
    bus.emit('a.b', { n: 1 });
    expect(a).toEqual([]);
    // A repeated unsubscribe must not have decremented the listener count for the remaining handler.
    expect(b).toEqual([1]);
    expect(bus.wants('a.b')).toBe(true);
  });

  it('a repeated unsubscribe does not mute listeners of other names', () => {
    const bus = new Telemetry<Metrics>();
    const seen: string[] = [];
    const off = bus.on('a.b', () => undefined);
    bus.on('c.d', (p) => seen.push(p.s));
    off();
    off();
    bus.emit('c.d', { s: 'still here' });
    expect(seen).toEqual(['still here']);
    expect(bus.wants('c.d')).toBe(true);
  });

  it('a throwing listener does not stop the next and is reported on error', () => {
    const bus = new Telemetry<Metrics>();
    const thrown = new Error('metrics sink down');
    const seen: number[] = [];
    const reported: unknown[] = [];
    bus.on('error', (e) => reported.push(e));
    bus.on('a.b', () => {
      throw thrown;
    });
    bus.on('a.b', (p) => seen.push(p.n));
    expect(() => bus.emit('a.b', { n: 5 })).not.toThrow();
    expect(seen).toEqual([5]);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(ZenError);
    expect((reported[0] as ZenError).code).toBe('handler_error');
    expect((reported[0] as ZenError).cause).toBe(thrown);
  });

  it('separate buses do not share listeners', () => {
    const one = new Telemetry<Metrics>();
    const two = new Telemetry<Metrics>();
    const seen: number[] = [];
    one.on('a.b', (p) => seen.push(p.n));
    two.emit('a.b', { n: 1 });
    expect(seen).toEqual([]);
    expect(two.wants('a.b')).toBe(false);
  });
});
