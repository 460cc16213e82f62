import { type Clock, systemClock } from '../clock.js';
import { describeValue, isErrorCode, RequestError, ZenError } from '../errors.js';
import type { JsonObject } from '../protocol.js';
import { checkKeys, checkType } from '../strict.js';
import type { PoolMember } from './types.js';

/** The part of `BroadcastChannel` used here (browsers, workers, Deno, Bun and Node ≥ 18 have it). */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** Options of {@link shareClients}. */
export interface ShareClientsOptions {
  /** The channel name all sharing contexts use (default `'zen-websocket'`). */
  name?: string;
  /** This context's clients to lend, e.g. `() => pool.listClients()`; omit in a context that only borrows. */
  clients?: () => Iterable<PoolMember>;
  /**
   * How long the owner of a client has to accept a message, ms (default 1000). The owner refuses anything
   * older than half of it, so a message not accepted in time was surely not sent and may fail over.
   */
  acceptMs?: number;
  /** How long to wait for the outcome once accepted, ms (default 35000); then `request_timeout`, outcome unknown. */
  replyMs?: number;
  /** The channel (default `new BroadcastChannel(name)`). */
  channel?: BroadcastChannelLike;
  /** Timers (default the system clock). */
  clock?: Clock;
  /** Wall-clock ms shared by all contexts, for acceptance deadlines (default `Date.now`). */
  now?: () => number;
  /**
   * Called whenever the set of clients lent by other contexts changes (an offer or a goodbye arrived). It must
   * not throw: a throw is ignored so that the channel keeps working.
   */
  onChange?: () => void;
}

/** Clients shared across contexts. Created by {@link shareClients}. */
export interface SharedClients {
  /** This context's clients plus stand-ins for every client other contexts lend: a `clientDiscovery`. */
  members(): PoolMember[];
  /** Tells the other contexts about this context's clients (call when they change, e.g. from pool hooks). */
  announce(): void;
  /** Leaves the channel: others forget this context's clients; waiting sends are refused (not sent). */
  close(): void;
}

interface Snapshot {
  id: string;
  state: string;
  pending: number;
  p50: number;
}
type Wire =
  | { t: 'hello'; from: string }
  | { t: 'bye'; from: string }
  | { t: 'offer'; from: string; clients: Snapshot[] }
  | { t: 'send'; from: string; to: string; id: string; q: number; deadline: number; message: string | object }
  | { t: 'accepted'; from: string; to: string; q: number }
  | { t: 'result'; from: string; to: string; q: number; snapshot?: Snapshot; value?: JsonObject; error?: WireError };
interface WireError {
  code: string;
  message: string;
  sent?: boolean;
}
interface Waiting {
  resolve(value: JsonObject | undefined): void;
  reject(error: unknown): void;
  timer: unknown;
  member: Remote;
}

let contexts = 0;
const SHARE_KEYS = ['name', 'clients', 'acceptMs', 'replyMs', 'channel', 'clock', 'now', 'onChange'];

/**
 * Shares clients between browser tabs, workers or any contexts on one `BroadcastChannel`: each context lends
 * its own clients and sees stand-ins for the others'. Pass `members` as `clientDiscovery` and `sendBalanced`
 * routes over all of them, a tab that holds no socket included. A message handed to another context is
 * never sent twice: if the owner does not accept it in time it is refused there and fails over; once
 * accepted, its failure comes back with the owner's `sent`/`outcome`.
 *
 * @example
 * const shared = shareClients({ name: 'deribit', clients: () => pool.listClients() });
 * const reply = await pool.sendBalanced(order, { clientDiscovery: shared.members });
 */
export function shareClients(options: ShareClientsOptions = {}): SharedClients {
  checkKeys('shareClients', options, SHARE_KEYS);
  for (const name of ['clients', 'now', 'onChange'] as const)
    checkType('shareClients', name, options[name], 'function');
  checkType('shareClients', 'name', options.name, 'string');
  for (const name of ['acceptMs', 'replyMs'] as const) checkType('shareClients', name, options[name], 'number');
  checkType('shareClients', 'channel', options.channel, 'object');
  checkType('shareClients', 'clock', options.clock, 'object');
  return new Sharing(options);
}

/** This context on the channel: `open` until `close()`, then it posts nothing and forgets its peers. */
type SharingState = 'open' | 'closed';

class Sharing implements SharedClients {
  readonly #me = `${++contexts}-${Math.random().toString(36).slice(2, 10)}`;
  readonly #clients: () => Iterable<PoolMember>;
  readonly #acceptMs: number;
  readonly #replyMs: number;
  readonly #clock: Clock;
  readonly #wall: () => number;
  readonly #onChange: (() => void) | undefined;
  readonly #channel: BroadcastChannelLike;
  /** The id each lent client is known by on the channel. */
  readonly #ids = new WeakMap<object, string>();
  /** Stand-ins for the clients other contexts lend, by context then client id. */
  readonly #peers = new Map<string, Map<string, Remote>>();
  /** Messages handed to another context, by sequence number, until their outcome arrives. */
  readonly #waiting = new Map<number, Waiting>();
  #seq = 0;
  #state: SharingState = 'open';
  readonly #listener = (event: { data: unknown }): void => {
    const m = event.data as Wire | null;
    if (m && typeof m === 'object' && typeof m.t === 'string' && m.from !== this.#me) this.#receive(m);
  };
  readonly #relay = (member: Remote, message: string | object) => this.#send(member, message);

  constructor(options: ShareClientsOptions) {
    const { name = 'zen-websocket', clients = () => [], acceptMs = 1000, replyMs = 35_000 } = options;
    this.#clients = clients;
    this.#acceptMs = acceptMs;
    this.#replyMs = replyMs;
    this.#clock = options.clock ?? systemClock;
    this.#wall = options.now ?? (() => Date.now());
    this.#onChange = options.onChange;
    this.#channel = options.channel ?? openChannel(name);
    this.#channel.addEventListener('message', this.#listener);
    this.#post({ t: 'hello', from: this.#me });
    this.announce();
  }

  // `members` and `announce` are bound: they are passed around as `clientDiscovery` and hooks.
  readonly members = (): PoolMember[] => [
    ...this.#local(),
    ...[...this.#peers.values()].flatMap((remotes) => [...remotes.values()]),
  ];

  readonly announce = (): void =>
    this.#post({ t: 'offer', from: this.#me, clients: this.#local().map(this.#snapshot, this) });

  close(): void {
    if (this.#state === 'closed') return;
    this.#post({ t: 'bye', from: this.#me });
    this.#state = 'closed';
    this.#channel.removeEventListener('message', this.#listener);
    this.#channel.close();
    for (const q of [...this.#waiting.keys()])
      this.#settle(q)?.reject(
        new RequestError('closed', 'shareClients was closed before the outcome arrived; outcome unknown', {
          sent: true,
        }),
      );
    this.#peers.clear();
  }

  #changed(): void {
    try {
      this.#onChange?.();
    } catch {
      // a throwing observer must not break the channel
    }
  }

  #post(message: Wire): void {
    if (this.#state === 'open') this.#channel.postMessage(message);
  }

  #idOf(member: PoolMember): string {
    const known = this.#ids.get(member);
    if (known) return known;
    const id = String(++this.#seq);
    this.#ids.set(member, id);
    return id;
  }

  #local(): PoolMember[] {
    return [...this.#clients()];
  }

  #snapshot(member: PoolMember): Snapshot {
    return {
      id: this.#idOf(member),
      state: safe(() => member.getState?.(), 'connected') ?? 'connected',
      pending: safe(() => member.getStateMetrics?.().pendingRequestsSize, 0) ?? 0,
      p50: safe(() => member.getLatencyStats?.()?.p50, 0) ?? 0,
    };
  }

  #settle(q: number): Waiting | undefined {
    const entry = this.#waiting.get(q);
    if (entry) {
      this.#waiting.delete(q);
      this.#clock.clearTimeout(entry.timer);
    }
    return entry;
  }

  #expire(q: number, ms: number, error: () => RequestError): void {
    const entry = this.#waiting.get(q);
    if (entry) entry.timer = this.#clock.setTimeout(() => this.#settle(q)?.reject(error()), ms);
  }

  /** Sends through another context's client; see the acceptance rule above. */
  #send(member: Remote, message: string | object): Promise<JsonObject | undefined> {
    if (this.#state === 'closed')
      return Promise.reject(new RequestError('closed', 'shareClients was closed; nothing was sent', { sent: false }));
    const q = ++this.#seq;
    const acceptMs = this.#acceptMs;
    return new Promise((resolve, reject) => {
      this.#waiting.set(q, { resolve, reject, timer: undefined, member });
      this.#expire(
        q,
        acceptMs,
        () =>
          new RequestError(
            'request_timeout',
            `No context accepted the message within ${acceptMs} ms; nothing was sent`,
            { sent: false },
          ),
      );
      const deadline = this.#wall() + acceptMs / 2;
      this.#post({ t: 'send', from: this.#me, to: member.owner, id: member.id, q, deadline, message });
    });
  }

  /** Runs a message another context handed us, on the client it names. */
  #serve(m: Extract<Wire, { t: 'send' }>): void {
    const client = this.#local().find((c) => this.#idOf(c) === m.id);
    const answer = (rest: { value?: JsonObject; error?: WireError }) =>
      this.#post({
        t: 'result',
        from: this.#me,
        to: m.from,
        q: m.q,
        ...(client ? { snapshot: this.#snapshot(client) } : {}),
        ...rest,
      });
    if (this.#wall() > m.deadline) return; // too late: the sender already counts it as not sent
    if (!client)
      return answer({
        error: { code: 'not_connected', message: 'That client is gone; nothing was sent', sent: false },
      });
    this.#post({ t: 'accepted', from: this.#me, to: m.from, q: m.q });
    client.sendMessage(m.message).then(
      (value) => answer(value === undefined ? {} : { value }),
      (error: unknown) => answer({ error: toWire(error) }),
    );
  }

  #receive(m: Wire): void {
    if (m.t === 'hello') return this.announce();
    if (m.t === 'bye') {
      if (this.#peers.delete(m.from)) this.#changed();
      return;
    }
    if (m.t === 'offer') return this.#offered(m);
    if (m.to !== this.#me) return;
    if (m.t === 'send') return this.#serve(m);
    if (m.t === 'accepted') return this.#accepted(m.q);
    const entry = this.#settle(m.q);
    if (!entry) return;
    if (m.snapshot) entry.member.update(m.snapshot);
    if (m.error) entry.reject(fromWire(m.error));
    else entry.resolve(m.value);
  }

  /** Another context's clients: keep the stand-ins we have (callers hold them), add the new, drop the gone. */
  #offered(m: Extract<Wire, { t: 'offer' }>): void {
    const known = this.#peers.get(m.from) ?? new Map<string, Remote>();
    const next = new Map<string, Remote>();
    for (const s of m.clients) next.set(s.id, (known.get(s.id) ?? new Remote(m.from, s.id, this.#relay)).update(s));
    this.#peers.set(m.from, next);
    this.#changed();
  }

  /** The owner took the message: from now on it may have been sent, so its deadline becomes the reply's. */
  #accepted(q: number): void {
    const entry = this.#waiting.get(q);
    if (entry) this.#clock.clearTimeout(entry.timer);
    const replyMs = this.#replyMs;
    this.#expire(
      q,
      replyMs,
      () =>
        new RequestError(
          'request_timeout',
          `No outcome within ${replyMs} ms from the context that sent it; outcome unknown`,
          { sent: true },
        ),
    );
  }
}

/** A stand-in for a client another context owns: its last known state and metrics, and a relay for sends. */
class Remote implements PoolMember {
  readonly owner: string;
  readonly id: string;
  readonly #relay: (member: Remote, message: string | object) => Promise<JsonObject | undefined>;
  #s: Snapshot | undefined;

  constructor(
    owner: string,
    id: string,
    relay: (member: Remote, message: string | object) => Promise<JsonObject | undefined>,
  ) {
    this.owner = owner;
    this.id = id;
    this.#relay = relay;
  }

  update(snapshot: Snapshot): this {
    this.#s = snapshot;
    return this;
  }

  sendMessage(message: string | object): Promise<JsonObject | undefined> {
    return this.#relay(this, message);
  }

  getState(): string {
    return this.#s?.state ?? 'connected';
  }

  getStateMetrics(): { pendingRequestsSize: number } {
    return { pendingRequestsSize: this.#s?.pending ?? 0 };
  }

  getLatencyStats(): { p50: number } {
    return { p50: this.#s?.p50 ?? 0 };
  }
}

function openChannel(name: string): BroadcastChannelLike {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => BroadcastChannelLike }).BroadcastChannel;
  if (typeof Channel !== 'function')
    throw new TypeError('shareClients: this runtime has no BroadcastChannel; pass options.channel');
  return new Channel(name);
}

function safe<T>(read: () => T | undefined, fallback: T): T | undefined {
  try {
    return read() ?? fallback;
  } catch {
    return fallback;
  }
}

function toWire(error: unknown): WireError {
  const e = error as { code?: unknown; sent?: unknown } | null;
  const wire: WireError = {
    code: typeof e?.code === 'string' ? e.code : 'connection_error',
    message: error instanceof Error ? error.message : describeValue(error),
  };
  if (typeof e?.sent === 'boolean') wire.sent = e.sent;
  return wire;
}

function fromWire(wire: WireError): ZenError {
  const code = isErrorCode(wire.code) ? wire.code : 'connection_error';
  return wire.sent === undefined
    ? new ZenError(code, wire.message)
    : new RequestError(code, wire.message, { sent: wire.sent });
}
