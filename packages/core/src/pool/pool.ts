import type { Client } from '../client.js';
import { type Clock, systemClock } from '../clock.js';
import { asyncDispose } from '../dispose.js';
import { describeValue, ZenError } from '../errors.js';
import { EventHub, type StateChange, type Unsubscribe } from '../events.js';
import type { ConnectOptions, UrlSource } from '../options.js';
import { checkKeys, checkType } from '../strict.js';
import { RestartBudget } from './restart.js';
import { createRouter } from './router.js';
import type {
  ClientPool,
  ClientPoolOptions,
  ConnectFunction,
  PoolDisconnectInfo,
  PoolEvents,
  RemovalReason,
  RestartPolicy,
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
  const o = checkOptions(options);
  const clock: Clock = o.clock ?? systemClock;
  const policy: RestartPolicy = o.restart ?? 'transient';
  const maxRestarts = o.maxRestarts ?? 10;
  const windowMs = o.restartWindowMs ?? 60_000;
  const router = createRouter({
    ...(o.clock && { clock: o.clock }),
    ...(o.telemetry && { telemetry: o.telemetry }),
    ...(o.errorDecayMs !== undefined && { errorDecayMs: o.errorDecayMs }),
  });
  const events = new EventHub<PoolEvents>();
  const entries = new Map<Client, Entry<O>>();
  const starting = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;

  const report = (what: string, cause: unknown) =>
    events.emit('error', new ZenError('handler_error', `Pool ${what} threw: ${describeValue(cause)}`, { cause }));

  /** Runs a user hook; a throw or a rejection is reported on `error`, never propagated. */
  const hook = (name: 'onConnect' | 'onDisconnect', call: () => unknown) => {
    try {
      const result = call() as Promise<unknown> | undefined;
      if (typeof result?.then === 'function') result.then(undefined, (cause) => report(`${name} hook`, cause));
    } catch (cause) {
      report(`${name} hook`, cause);
    }
  };
  const connected = (client: Client) => hook('onConnect', () => o.onConnect?.(client));
  const disconnected = (client: Client, info: PoolDisconnectInfo) =>
    hook('onDisconnect', () => o.onDisconnect?.(client, info));

  function adopt(client: Client, url: UrlSource, options: O, budget: RestartBudget): void {
    const entry: Entry<O> = { client, url, options, budget, phase: 'running', off: () => undefined };
    entry.off = client.on('state', (change) => onState(entry, change));
    entries.set(client, entry);
    events.emit('add', { client });
    connected(client);
  }

  function onState(entry: Entry<O>, { to, error }: StateChange): void {
    if (entry.phase === 'leaving') return;
    if (to === 'disconnected') {
      // `exhausted` when no restart will follow (its budget is spent), else `gave_up` (a restart follows)
      const reason = entry.budget.allows(clock.now()) ? 'gave_up' : 'exhausted';
      if (entry.phase === 'running') disconnected(entry.client, error ? { reason, error } : { reason });
      restart(entry, error);
    } else if (to === 'closed') {
      remove(entry, 'closed', undefined);
      disconnected(entry.client, { reason: 'closed' });
      if (policy === 'permanent') replace(entry);
    }
  }

  /** Takes `entry` out of the pool and tells listeners. */
  function remove(entry: Entry<O>, reason: RemovalReason, error: ZenError | undefined): void {
    entry.phase = 'leaving';
    entry.off();
    entries.delete(entry.client);
    events.emit('remove', { client: entry.client, reason, error });
  }

  /** Spends one restart, or gives the client up when its budget is spent. */
  function spend(entry: Entry<O>, error: ZenError | undefined): boolean {
    if (closing) return false;
    if (entry.budget.take(clock.now())) {
      events.emit('restart', { client: entry.client, restarts: entry.budget.used, error });
      return true;
    }
    const exhausted = new ZenError(
      'max_reconnection_attempts',
      `Restart intensity exceeded: ${maxRestarts} restarts within ${windowMs} ms; the client is no longer restarted`,
      error ? { cause: error } : {},
    );
    if (entry.phase !== 'leaving') remove(entry, 'exhausted', exhausted);
    events.emit('error', exhausted);
    queueMicrotask(() => void entry.client.close()); // not from inside the client's own state event
    return false;
  }

  /** A client that gave up: reconnect the same object (on the next microtask, never inside its own event). */
  function restart(entry: Entry<O>, error: ZenError | undefined): void {
    if (!spend(entry, error)) return;
    entry.phase = 'restarting';
    queueMicrotask(() => {
      if (entry.phase !== 'restarting') return;
      entry.client.reconnect().then(
        () => {
          if (entry.phase !== 'restarting') return;
          entry.phase = 'running';
          connected(entry.client);
        },
        () => undefined, // the next give-up arrives on `state` and is handled there
      );
    });
  }

  /** `permanent`: a client the user closed is replaced by a new one with the same URL and options. */
  function replace(entry: Entry<O>): void {
    if (!spend(entry, undefined)) return;
    const started = o.connect(entry.url, entry.options).then(
      async (client) => {
        if (closing) return void (await client.close());
        adopt(client, entry.url, entry.options, entry.budget);
      },
      (cause: unknown) => {
        const error =
          cause instanceof ZenError ? cause : new ZenError('connection_failed', describeValue(cause), { cause });
        events.emit('error', error);
        replace(entry);
      },
    );
    track(started);
  }

  function track(promise: Promise<unknown>): void {
    const settled: Promise<unknown> = promise.then(
      () => starting.delete(settled),
      () => starting.delete(settled),
    );
    starting.add(settled);
  }

  async function startClient(url: UrlSource, options: O = {} as O): Promise<Client> {
    if (closing) throw new ZenError('closed', 'startClient() on a closed pool');
    const opening = o.connect(url, options);
    track(opening);
    const client = await opening;
    if (closing) {
      await client.close();
      throw new ZenError('closed', 'The pool was closed while the client was connecting');
    }
    adopt(client, url, options, new RestartBudget(maxRestarts, windowMs));
    return client;
  }

  async function leave(client: Client, reason: 'stopped' | 'pool_closed'): Promise<boolean> {
    const entry = entries.get(client);
    if (!entry) return false;
    remove(entry, reason, undefined);
    await client.close();
    disconnected(client, { reason });
    return true;
  }

  async function close(): Promise<void> {
    closing ??= (async () => {
      await Promise.allSettled([...starting]);
      await Promise.all([...entries.keys()].map((client) => leave(client, 'pool_closed')));
      events.clear();
    })();
    return closing;
  }

  const listClients = () => [...entries.keys()];

  return {
    startClient,
    listClients,
    stopClient: (client) => leave(client, 'stopped'),
    sendBalanced: (message, options = {}) =>
      router.sendBalanced(message, { ...options, clientDiscovery: options.clientDiscovery ?? listClients }),
    poolHealth: () => router.health(listClients()),
    on: (type, handler) => {
      if (typeof handler !== 'function')
        throw new TypeError(`pool.on("${String(type)}", handler): handler must be a function`);
      return events.on(type, handler);
    },
    close,
    [asyncDispose]: close,
  };
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
    throw new TypeError(`createClientPool: restart must be 'transient' or 'permanent', got ${String(options.restart)}`);
  const { maxRestarts, restartWindowMs } = options;
  if (maxRestarts !== undefined && !(Number.isInteger(maxRestarts) && maxRestarts >= 0))
    throw new RangeError(`createClientPool: maxRestarts must be an integer >= 0, got ${String(maxRestarts)}`);
  if (restartWindowMs !== undefined && !(restartWindowMs > 0))
    throw new RangeError(`createClientPool: restartWindowMs must be > 0, got ${String(restartWindowMs)}`);
  for (const name of ['onConnect', 'onDisconnect'] as const)
    if (options[name] !== undefined && typeof options[name] !== 'function')
      throw new TypeError(`createClientPool: ${name} must be a function`);
  return options;
}
