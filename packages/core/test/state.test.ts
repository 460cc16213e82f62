import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONNECTION_STATES, type ConnectionEvent, type ConnectionState, transition } from '../src/state.js';

const EVENTS: readonly ConnectionEvent[] = ['open', 'lost', 'give_up', 'reconnect', 'close'];
const STATES: readonly ConnectionState[] = ['connecting', 'connected', 'reconnecting', 'disconnected', 'closed'];

/** The whole machine, written out independently of the source table. */
const EXPECTED: Record<ConnectionState, Record<ConnectionEvent, ConnectionState | undefined>> = {
  connecting: { open: 'connected', lost: undefined, give_up: 'disconnected', reconnect: 'connecting', close: 'closed' },
  connected: {
    open: undefined,
    lost: 'reconnecting',
    give_up: 'disconnected',
    reconnect: 'reconnecting',
    close: 'closed',
  },
  reconnecting: {
    open: 'connected',
    lost: undefined,
    give_up: 'disconnected',
    reconnect: 'reconnecting',
    close: 'closed',
  },
  disconnected: { open: undefined, lost: undefined, give_up: undefined, reconnect: 'connecting', close: 'closed' },
  closed: { open: undefined, lost: undefined, give_up: undefined, reconnect: undefined, close: undefined },
};

const CELLS = STATES.flatMap((from) => EVENTS.map((event) => [from, event, EXPECTED[from][event]] as const));
const eventArb = fc.constantFrom(...EVENTS);
const stateArb = fc.constantFrom(...STATES);

/** Applies events the way the client does: a disallowed event is ignored. Returns every state visited. */
function run(start: ConnectionState, events: readonly ConnectionEvent[]): ConnectionState[] {
  const visited: ConnectionState[] = [start];
  let state = start;
  for (const event of events) {
    state = transition(state, event) ?? state;
    visited.push(state);
  }
  return visited;
}

describe('transition table', () => {
  it('CONNECTION_STATES lists exactly the five states', () => {
    expect([...CONNECTION_STATES].sort()).toEqual([...STATES].sort());
    expect(CONNECTION_STATES).toHaveLength(5);
  });

  it.each(CELLS.filter(([, , to]) => to !== undefined))('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
  });

  it.each(CELLS.filter(([, , to]) => to === undefined))('%s --%s--> undefined (not allowed)', (from, event) => {
    expect(transition(from, event)).toBeUndefined();
  });

  it('close leads every non-closed state to closed', () => {
    for (const from of STATES.filter((s) => s !== 'closed')) expect(transition(from, 'close')).toBe('closed');
  });

  it('closed has no way out', () => {
    for (const event of EVENTS) expect(transition('closed', event)).toBeUndefined();
  });

  it('connected is entered only by open', () => {
    const entries = CELLS.filter(([from, , to]) => to === 'connected' && from !== 'connected');
    expect(entries.map(([, event]) => event)).toEqual(['open', 'open']);
    for (const from of STATES) {
      for (const event of EVENTS) {
        if (transition(from, event) === 'connected') expect(event).toBe('open');
      }
    }
  });

  it('disconnected is entered only by give_up', () => {
    for (const from of STATES) {
      for (const event of EVENTS) {
        if (transition(from, event) === 'disconnected') expect(event).toBe('give_up');
      }
    }
  });

  it('from disconnected only reconnect or close lead out', () => {
    const exits = EVENTS.filter((event) => transition('disconnected', event) !== undefined);
    expect(exits).toEqual(['reconnect', 'close']);
  });
});

describe('state machine properties', () => {
  it('property: every state reached from connecting is in CONNECTION_STATES', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (events) => {
        let state: ConnectionState = 'connecting';
        for (const event of events) {
          const next = transition(state, event);
          if (next !== undefined) {
            expect(CONNECTION_STATES).toContain(next);
            state = next;
          }
        }
        expect(CONNECTION_STATES).toContain(state);
      }),
    );
  });

  it('property: transition returns a state or undefined for every (state, event)', () => {
    fc.assert(
      fc.property(stateArb, eventArb, (from, event) => {
        const next = transition(from, event);
        expect(next === undefined || CONNECTION_STATES.includes(next)).toBe(true);
      }),
    );
  });

  it('property: closed is absorbing — any events after close stay closed', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.array(eventArb, { maxLength: 30 }), (before, after) => {
        const visited = run('connecting', [...before, 'close', ...after]);
        const closedAt = visited.indexOf('closed');
        expect(closedAt).toBeGreaterThan(0);
        expect(closedAt).toBeLessThanOrEqual(before.length + 1);
        for (const state of visited.slice(closedAt)) expect(state).toBe('closed');
      }),
    );
  });

  it('property: every step into connected is an open, into disconnected a give_up', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (events) => {
        let state: ConnectionState = 'connecting';
        for (const event of events) {
          const next = transition(state, event);
          if (next === undefined) continue;
          if (next === 'connected' && state !== 'connected') expect(event).toBe('open');
          if (next === 'disconnected' && state !== 'disconnected') expect(event).toBe('give_up');
          if (state === 'disconnected' && next !== 'disconnected') expect(['reconnect', 'close']).toContain(event);
          state = next;
        }
      }),
    );
  });

  it('property: the walk matches the independent model', () => {
    fc.assert(
      fc.property(stateArb, fc.array(eventArb, { maxLength: 40 }), (start, events) => {
        let model: ConnectionState = start;
        let real: ConnectionState = start;
        for (const event of events) {
          model = EXPECTED[model][event] ?? model;
          real = transition(real, event) ?? real;
          expect(real).toBe(model);
        }
      }),
    );
  });
});
