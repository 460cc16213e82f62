import type { Attempt } from './attempt.js';
import { classify, type Decision } from './classify.js';
import type { Client } from './client-types.js';
import { dead } from './connection.js';
import { describeValue, ZenError } from './errors.js';
import { type ClientEvents, EventHub, type HeartbeatEvent } from './events.js';
import { Heartbeat } from './heartbeat.js';
import { LatencyBuffer } from './latency.js';
import type { RecordSink, ResolvedOptions } from './options.js';
import { gated, pingFrame } from './outbound.js';
import { PendingTable } from './rpc.js';
import { type ConnectionEvent, type ConnectionState, transition } from './state.js';
import { Subscriptions } from './subscriptions.js';

/** A `connect()`/`reconnect()` caller waiting for the next open. */
export interface Waiter {
  resolve(): void;
  reject(error: ZenError): void;
}

const NO_WAITERS: readonly Waiter[] = [];

/**
 * One client's state, in plain fields, plus the few helpers every part uses. The parts are functions over it
 * (connection.ts: the lifecycle; outbound.ts, inbound.ts, sync.ts, recording.ts); {@link Attempt} holds what
 * belongs to one connection attempt; `ZenClient` is the public face. A session is its own heartbeat (the
 * heartbeat's state is fields of the session, its host calls are prototype methods: no closures and no second
 * object per client). Tables nobody has used yet are not made (bench/live-objects.mjs: live objects per open
 * connection).
 */
export class Session extends Heartbeat {
  readonly o: ResolvedOptions<Client>;
  /** The public client, handed to `prepare`, `onConnect` and `onDisconnect`. */
  readonly client: Client;
  /** The URL of the current (or last) attempt. */
  url: string;
  readonly events: EventHub<ClientEvents> = new EventHub<ClientEvents>();
  state: ConnectionState = 'connecting';
  /** The current connection attempt; undefined between attempts. Dropped whole when it ends. */
  attempt: Attempt | undefined;
  /** Consecutive failed attempts since the last healthy connection. */
  failures = 0;
  connections = 0;
  messagesIn = 0;
  messagesOut = 0;
  retryTimer: unknown;
  /** `connect()`/`reconnect()` callers waiting for the next open (made on first use, emptied after). */
  waiters: Waiter[] | undefined;
  closing: Promise<void> | undefined;
  /** Attempts we are done with, finishing their close handshake (bounded). */
  retiring: Set<Attempt> | undefined;
  /** Closes the client when `signal` aborts; made only when there is a signal. */
  onAbort: (() => void) | undefined;
  unlisten: (() => void) | undefined;
  sink: RecordSink | undefined;
  /** The pending-request table and the latency ring, made on the first request (see {@link Session.pending}). */
  rpc: PendingTable | undefined;
  latency: LatencyBuffer | undefined;
  /** The desired subscriptions, made on first use (see {@link Session.subs}). */
  channels: Subscriptions | undefined;

  constructor(client: Client, options: ResolvedOptions<Client>) {
    super();
    this.client = client;
    this.o = options;
    this.url = options.url;
    this.sink = options.recordTo;
  }

  /** The heartbeat: the session itself (see {@link Heartbeat}). */
  get heartbeat(): Heartbeat {
    return this;
  }

  /** The pending-request table, made on the first request. */
  get pending(): PendingTable {
    if (!this.rpc) {
      this.latency = new LatencyBuffer(this.o.latencyBufferSize);
      this.rpc = new PendingTable(this.o.clock, this.o.telemetry, this.latency, this.o.protocol);
    }
    return this.rpc;
  }

  /** The desired subscriptions, made on first use. */
  get subs(): Subscriptions {
    if (!this.channels) this.channels = new Subscriptions(this.o.clock, this.o.telemetry);
    return this.channels;
  }

  /** Moves the state machine with `event` and emits the change (nothing when the event does not apply). */
  to(event: ConnectionEvent, reason: string, error?: ZenError): void {
    const from = this.state;
    const to = transition(from, event);
    if (to === undefined || to === from) return;
    this.state = to;
    // no payload built for nobody (three per connect and close: bench/setup-alloc.mjs)
    if (this.events.has('state')) this.events.emit('state', error ? { from, to, reason, error } : { from, to, reason });
  }

  /** Retry or fatal: the built-in classification, then the user's `classify` (a throwing one is reported). */
  decide(error: ZenError): Decision {
    const decision = classify(error);
    if (!this.o.classify) return decision;
    try {
      return this.o.classify(error, decision);
    } catch (cause) {
      this.fail(new ZenError('handler_error', 'options.classify threw; using the default decision', { cause }));
      return decision;
    }
  }

  /** Reports an error no promise carries. */
  fail(error: ZenError): void {
    this.events.emit('error', error);
  }

  /** Runs a user lifecycle hook; a throwing one is reported. */
  hook(call: () => void): void {
    try {
      call();
    } catch (cause) {
      this.fail(new ZenError('handler_error', `A lifecycle hook threw: ${describeValue(cause)}`, { cause }));
    }
  }

  log(line: string): void {
    this.o.log?.(line);
  }

  clearRetry(): void {
    if (this.retryTimer === undefined) return;
    this.o.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** A promise that settles at the next open (or give-up / close). */
  waitForOpen(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.waiters) this.waiters = [];
      this.waiters.push({ resolve, reject });
    });
  }

  takeWaiters(): readonly Waiter[] {
    const list = this.waiters ?? NO_WAITERS;
    this.waiters = undefined;
    return list;
  }

  // ── the heartbeat's host ──────────────────────────────────────────────────────────────────────────

  inboundCount(): number {
    return this.attempt?.inbound ?? 0;
  }
  ping(payload: string): boolean {
    return pingFrame(this, payload);
  }
  send(message: string | object): void {
    gated(this, typeof message === 'string' ? message : JSON.stringify(message), message);
  }
  dead(silentMs: number): void {
    dead(this, silentMs);
  }
  failed(cause: unknown): void {
    this.fail(new ZenError('heartbeat_probe_error', `Heartbeat probe failed: ${describeValue(cause)}`, { cause }));
  }
  emit(event: HeartbeatEvent): void {
    this.events.emit('heartbeat', event);
  }
}
