import type { Client } from '../client.js';
import { type Clock, systemClock } from '../clock.js';
import { asyncDispose } from '../dispose.js';
import { describeValue, ZenError } from '../errors.js';
import { EventHub, type StateChange, type Unsubscribe } from '../events.js';
import type { ConnectOptions, UrlSource } from '../options.js';
import type { JsonObject } from '../protocol.js';
import { checkKeys, checkType } from '../strict.js';
import { RestartBudget } from './restart.js';
import { createRouter, type Router } from './router.js';
import type {
  ClientPool,
  ClientPoolOptions,
  ConnectFunction,
  MemberHealth,
  PoolDisconnectInfo,
  PoolEvents,
  RemovalReason,
  RestartPolicy,
  SendBalancedOptions,
} from './types.js';

/** One supervised client. `restarting` while a restart is under way; `leaving` once it is being removed. */
interface Entry<O> {
  client: Client;
  readonly url: UrlSource;
  readonly options: O;
  readonly budget: RestartBudget;
  phase: 'running' | 'restarting' | 'leaving';
  off: Unsubscribe;
}

const KEYS = [
  'connect',
  'restart',
  'maxRestarts',
  'restartWindowMs',
  'onConnect',
  'onDisconnect',
  'clock',
  'telemetry',
  'errorDecayMs',
];

/**
 * A pool of supervised clients with health-aware sending.
 *
 * Supervision: a client that gives up (state `disconnected`) is restarted with `reconnect()` — the same
 * object, so references you hold stay valid and its subscriptions are restored — at most `maxRestarts` times
 * within `restartWindowMs`. Past that, that client alone is closed and removed (`error` and `remove` events);
 * the others carry on. Under `permanent`, a client the user closes directly is replaced by a new one;
 * `stopClient()` and `close()` never restart anything.
 *
 * @example
 * import { connect } from 'zen-websocket';
 * const pool = createClientPool({ connect, onConnect: (c) => registry.add(c), onDisconnect: (c) => registry.delete(c) });
 * await pool.startClient('wss://test.deribit.com/ws/api/v2');
 * await pool.startClient('wss://test.deribit.com/ws/api/v2');
 * const reply = await pool.sendBalanced({ jsonrpc: '2.0', id: 1, method: 'public/get_time' });
 */
export function createClientPool<O = ConnectOptions<Client>>(options: ClientPoolOptions<O>): ClientPool<O> {
  return new Pool(checkOptions(options));
}

/** The pool's lifecycle: `open` until `close()` starts; then every later call sees the same closing promise. */
type PoolState = { phase: 'open' } | { phase: 'closing'; done: Promise<void> };

/** The pool: plain fields for its state, prototype methods shared by every pool. */
class Pool<O> implements ClientPool<O> {
  readonly #o: ClientPoolOptions<O>;
  readonly #clock: Clock;
  readonly #policy: RestartPolicy;
  readonly #maxRestarts: number;
  readonly #windowMs: number;
  readonly #router: Router;
  readonly #events = new EventHub<PoolEvents>();
  readonly #entries = new Map<Client, Entry<O>>();
  /** Connections under way (first connects and `permanent` replacements), awaited by `close()`. */
  readonly #starting = new Set<Promise<unknown>>();
  #state: PoolState = { phase: 'open' };
  // Set in the constructor, not a computed method: a class with a computed key cannot be tree-shaken by
  // bundlers, and this one must drop out of bundles that import only the router or the sharder.
  declare readonly [asyncDispose]: () => Promise<void>;

  constructor(o: ClientPoolOptions<O>) {
    (this as { [asyncDispose]: () => Promise<void> })[asyncDispose] = this.close; // called as pool[asyncDispose]()
    this.#o = o;
    this.#clock = o.clock ?? systemClock;
    this.#policy = o.restart ?? 'transient';
    this.#maxRestarts = o.maxRestarts ?? 10;
    this.#windowMs = o.restartWindowMs ?? 60_000;
    this.#router = createRouter({
      ...(o.clock && { clock: o.clock }),
      ...(o.telemetry && { telemetry: o.telemetry }),
      ...(o.errorDecayMs !== undefined && { errorDecayMs: o.errorDecayMs }),
    });
  }

  async startClient(url: UrlSource, options: O = {} as O): Promise<Client> {
    if (this.#closing) throw new ZenError('closed', 'startClient() on a closed pool');
    const opening = this.#o.connect(url, options);
    this.#track(opening);
    const client = await opening;
    if (this.#closing) {
      await client.close();
      throw new ZenError('closed', 'The pool was closed while the client was connecting');
    }
    this.#adopt(client, url, options, new RestartBudget(this.#maxRestarts, this.#windowMs));
    return client;
  }

  listClients(): Client[] {
    return [...this.#entries.keys()];
  }

  stopClient(client: Client): Promise<boolean> {
    return this.#leave(client, 'stopped');
  }

  sendBalanced(message: string | object, options: SendBalancedOptions = {}): Promise<JsonObject | undefined> {
    return this.#router.sendBalanced(message, {
      ...options,
      clientDiscovery: options.clientDiscovery ?? (() => this.listClients()),
    });
  }

  poolHealth(): Array<MemberHealth<Client>> {
    return this.#router.health(this.listClients());
  }

  on<K extends keyof PoolEvents>(type: K, handler: (payload: PoolEvents[K]) => void): Unsubscribe {
    if (typeof handler !== 'function')
      throw new TypeError(`pool.on("${String(type)}", handler): handler must be a function`);
    return this.#events.on(type, handler);
  }

  close(): Promise<void> {
    if (this.#state.phase === 'closing') return this.#state.done;
    const done = (async () => {
      await Promise.allSettled([...this.#starting]);
      await Promise.all(this.listClients().map((client) => this.#leave(client, 'pool_closed')));
      this.#events.clear();
    })();
    this.#state = { phase: 'closing', done };
    return done;
  }

  get #closing(): boolean {
    return this.#state.phase === 'closing';
  }

  #report(what: string, cause: unknown): void {
    this.#events.emit('error', new ZenError('handler_error', `Pool ${what} threw: ${describeValue(cause)}`, { cause }));
  }

  /** Runs a user hook; a throw or a rejection is reported on `error`, never propagated. */
  #hook(name: 'onConnect' | 'onDisconnect', call: () => unknown): void {
    try {
      const result = call() as Promise<unknown> | undefined;
      if (typeof result?.then === 'function') result.then(undefined, (cause) => this.#report(`${name} hook`, cause));
    } catch (cause) {
      this.#report(`${name} hook`, cause);
    }
  }

  #connected(client: Client): void {
    this.#hook('onConnect', () => this.#o.onConnect?.(client));
  }

  #disconnected(client: Client, info: PoolDisconnectInfo): void {
    this.#hook('onDisconnect', () => this.#o.onDisconnect?.(client, info));
  }

  #adopt(client: Client, url: UrlSource, options: O, budget: RestartBudget): void {
    const entry: Entry<O> = { client, url, options, budget, phase: 'running', off: () => undefined };
    entry.off = client.on('state', (change) => this.#onState(entry, change));
    this.#entries.set(client, entry);
    this.#events.emit('add', { client });
    this.#connected(client);
  }

  #onState(entry: Entry<O>, { to, error }: StateChange): void {
    if (entry.phase === 'leaving') return;
    if (to === 'disconnected') {
      // `exhausted` when no restart will follow (its budget is spent), else `gave_up` (a restart follows)
      const reason = entry.budget.allows(this.#clock.now()) ? 'gave_up' : 'exhausted';
      if (entry.phase === 'running') this.#disconnected(entry.client, error ? { reason, error } : { reason });
      this.#restart(entry, error);
    } else if (to === 'closed') {
      this.#remove(entry, 'closed', undefined);
      this.#disconnected(entry.client, { reason: 'closed' });
      if (this.#policy === 'permanent') this.#replace(entry);
    }
  }

  /** Takes `entry` out of the pool and tells listeners. */
  #remove(entry: Entry<O>, reason: RemovalReason, error: ZenError | undefined): void {
    entry.phase = 'leaving';
    entry.off();
    this.#entries.delete(entry.client);
    this.#events.emit('remove', { client: entry.client, reason, error });
  }

  /** Spends one restart, or gives the client up when its budget is spent. */
  #spend(entry: Entry<O>, error: ZenError | undefined): boolean {
    if (this.#closing) return false;
    if (entry.budget.take(this.#clock.now())) {
      this.#events.emit('restart', { client: entry.client, restarts: entry.budget.used, error });
      return true;
    }
    const exhausted = new ZenError(
      'max_reconnection_attempts',
      `Restart intensity exceeded: ${this.#maxRestarts} restarts within ${this.#windowMs} ms; the client is no longer restarted`,
      error ? { cause: error } : {},
    );
    if (entry.phase !== 'leaving') this.#remove(entry, 'exhausted', exhausted);
    this.#events.emit('error', exhausted);
    queueMicrotask(() => void entry.client.close()); // not from inside the client's own state event
    return false;
  }

  /** A client that gave up: reconnect the same object (on the next microtask, never inside its own event). */
  #restart(entry: Entry<O>, error: ZenError | undefined): void {
    if (!this.#spend(entry, error)) return;
    entry.phase = 'restarting';
    queueMicrotask(() => {
      if (entry.phase !== 'restarting') return;
      entry.client.reconnect().then(
        () => {
          if (entry.phase !== 'restarting') return;
          entry.phase = 'running';
          this.#connected(entry.client);
        },
        () => undefined, // the next give-up arrives on `state` and is handled there
      );
    });
  }

  /** `permanent`: a client the user closed is replaced by a new one with the same URL and options. */
  #replace(entry: Entry<O>): void {
    if (!this.#spend(entry, undefined)) return;
    const started = this.#o.connect(entry.url, entry.options).then(
      async (client) => {
        if (this.#closing) return void (await client.close());
        this.#adopt(client, entry.url, entry.options, entry.budget);
      },
      (cause: unknown) => {
        const error =
          cause instanceof ZenError ? cause : new ZenError('connection_failed', describeValue(cause), { cause });
        this.#events.emit('error', error);
        this.#replace(entry);
      },
    );
    this.#track(started);
  }

  #track(promise: Promise<unknown>): void {
    const settled: Promise<unknown> = promise.then(
      () => this.#starting.delete(settled),
      () => this.#starting.delete(settled),
    );
    this.#starting.add(settled);
  }

  async #leave(client: Client, reason: 'stopped' | 'pool_closed'): Promise<boolean> {
    const entry = this.#entries.get(client);
    if (!entry) return false;
    this.#remove(entry, reason, undefined);
    await client.close();
    this.#disconnected(client, { reason });
    return true;
  }
}

function checkOptions<O>(options: ClientPoolOptions<O>): ClientPoolOptions<O> {
  checkKeys('createClientPool', options, KEYS);
  checkType('createClientPool', 'clock', options.clock, 'object');
  checkType('createClientPool', 'telemetry', options.telemetry, 'object');
  checkType('createClientPool', 'errorDecayMs', options.errorDecayMs, 'number');
  const connect: ConnectFunction<O> | undefined = options.connect;
  if (typeof connect !== 'function')
    throw new TypeError(
      'createClientPool: options.connect is required, e.g. import { connect } from "zen-websocket" and pass { connect }',
    );
  if (options.restart !== undefined && options.restart !== 'transient' && options.restart !== 'permanent')
    throw new TypeError(
      `createClientPool: options.restart must be "transient" or "permanent", got ${String(options.restart)}`,
    );
  const { maxRestarts, restartWindowMs } = options;
  if (maxRestarts !== undefined && !(Number.isInteger(maxRestarts) && maxRestarts >= 0))
    throw new RangeError(`createClientPool: options.maxRestarts must be an integer >= 0, got ${String(maxRestarts)}`);
  if (restartWindowMs !== undefined && !(restartWindowMs > 0))
    throw new RangeError(`createClientPool: options.restartWindowMs must be > 0, got ${String(restartWindowMs)}`);
  for (const name of ['onConnect', 'onDisconnect'] as const)
    checkType('createClientPool', name, options[name], 'function');
  return options;
}
