/**
 * `startReplayServer`: a mock server that plays a recording back to the client under test — the recorded
 * inbound frames, in order, at the chosen pace — so a session captured in production becomes a
 * deterministic test. Node only (it is a `startMockServer` underneath). Guide: `docs/recording.md`.
 */

import { type Pace, type RecordEntry, type Source, speedOf } from '@zen-websocket/recorder';
import { checkOptions } from '../kit/options.js';
import type { InboundMessage, MockConnection, MockServer, MockServerOptions } from '../mock-server/types.js';
import { startMockServer } from '../mock-server.js';
import { type ReplayMatcher, sameRequest } from './match.js';
import { type Player, play } from './player.js';
import { loadSessions } from './sessions.js';

/** Options of {@link startReplayServer}; `path`, `port`, `tls`, `maxMessages` and `onError` are the mock server's. */
export interface ReplayServerOptions
  extends Pick<MockServerOptions, 'path' | 'port' | 'tls' | 'maxMessages' | 'onError'> {
  /** `'asap'` (default), `'realtime'` (the recorded gaps) or a speed factor (`10` = ten times as fast). */
  pace?: Pace | undefined;
  /**
   * Before playing past a recorded outbound frame, wait until the client has sent a matching message (default
   * `false`: outbound frames are ignored). Recorded responses then carry the live request's id. A function
   * picks which recorded frames to wait for (e.g. not the heartbeat probes, whose timing differs per run).
   */
  waitForRequests?: boolean | ((recorded: RecordEntry) => boolean) | undefined;
  /** How a sent message is matched to a recorded one (default: same text, or same JSON `method`). */
  match?: ReplayMatcher | undefined;
}

/** A running replay server: a {@link MockServer} (captures, assertions, faults) that plays a recording. */
export interface ReplayServer extends MockServer {
  /** Sessions in the recording; connection N (1, 2, …) plays session N, later connections get nothing. */
  readonly sessions: number;
  /** Corrupt lines skipped while loading the recording. */
  readonly skipped: number;
  /** Recorded inbound frames sent so far, over all connections. */
  readonly played: number;
  /**
   * Resolves once session `session` (0-based, default 0) has been played to its end; rejects after
   * `timeoutMs` (default 5000) saying where it stands, e.g. which recorded request it still waits for.
   */
  finished(session?: number, timeoutMs?: number): Promise<void>;
}

/**
 * Loads a recording and starts a replay server for it on 127.0.0.1.
 *
 * @example
 * import { fromFile } from '@zen-websocket/recorder/fs';
 * const server = await startReplayServer(fromFile('test/fixtures/session.jsonl'), { waitForRequests: true });
 * const client = await connect(server.url);
 * await client.subscribe('ticker.BTC-PERPETUAL.raw');
 * await server.finished();
 */
export async function startReplayServer(source: Source, options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const names = ['pace', 'waitForRequests', 'match', 'path', 'port', 'tls', 'maxMessages', 'onError'];
  const checked = checkOptions('startReplayServer', options, names);
  const { pace, waitForRequests = false, match = sameRequest, ...serverOptions } = checked;
  const speed = speedOf(pace);
  if (typeof waitForRequests !== 'boolean' && typeof waitForRequests !== 'function')
    throw new TypeError(
      `startReplayServer: options.waitForRequests must be a boolean or a function, got ${typeof waitForRequests}`,
    );
  if (typeof match !== 'function')
    throw new TypeError(`startReplayServer: options.match must be a function, got ${typeof match}`);
  const { sessions, skipped } = await loadSessions(source);
  const players = new Map<MockConnection, Player>();
  const started: Array<Player | undefined> = [];
  let played = 0;

  const onConnection = (connection: MockConnection): void => {
    const session = sessions[connection.id - 1];
    if (!session) return;
    const player = play(connection, session, { speed, waitForRequests, match, onSent: () => played++ });
    players.set(connection, player);
    started[connection.id - 1] = player;
  };
  const handler = (message: InboundMessage, connection: MockConnection): undefined => {
    players.get(connection)?.receive(message);
  };
  const server = await startMockServer({ ...serverOptions, onConnection, handler });
  const stopServer = server.stop;
  const stop = async (): Promise<void> => {
    for (const player of players.values()) player.stop();
    await stopServer();
  };

  const asyncDispose = Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose');
  return Object.defineProperties(server, {
    sessions: { value: sessions.length, enumerable: true },
    skipped: { value: skipped, enumerable: true },
    played: { get: () => played, enumerable: true },
    finished: { value: (session = 0, timeoutMs = 5000) => finished(started, session, timeoutMs) },
    stop: { value: stop },
    [asyncDispose]: { value: stop },
  }) as ReplayServer;
}

/** Waits for session `index` to be started and played out, with a deadline. */
async function finished(started: Array<Player | undefined>, index: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let player = started[index];
  while (!player && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    player = started[index];
  }
  if (!player) throw new Error(`finished: no client connected for session ${index} within ${timeoutMs} ms`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`finished: session ${index} not played out within ${timeoutMs} ms; ${player.status}`)),
      Math.max(0, deadline - performance.now()),
    );
  });
  try {
    await Promise.race([player.done, late]);
  } finally {
    clearTimeout(timer);
  }
}

export { type ReplayMatcher, sameRequest } from './match.js';
