/**
 * The connection layer: WebSocket upgrades (HTTP 429 past `maxConnections`), one session per connection,
 * pongs unless stalled, and what a closed connection leaves behind — cancel-on-disconnect (unless it was a
 * logout), its connection-scoped tokens revoked, a `close` event.
 */
import type { WebSocket } from 'ws';
import type { Route } from '../kit/server.js';
import type { SimContext } from './context.js';
import { handleFrame } from './inbound.js';
import { createSession, type Session } from './session.js';

export interface Connections {
  /** The kit's route for an upgrade: a session, or HTTP 429 past `maxConnections`. */
  route(): Route;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Resolves when `session`'s socket has closed on the server side. */
  closed(session: Session): Promise<void>;
  /** Closes (with `code`) or drops (no code) every connection; resolves when they are closed. */
  dropAll(code?: number, reason?: string): Promise<void>;
  /** Stops accepting; drops everything. */
  shutDown(): Promise<void>;
}

/**
 * Creates the connection layer of a simulator.
 *
 * @example
 * const connections = createConnections(sim, sessions);
 * const kit = await KitServer.start({ port: 0, route: connections.route });
 */
export function createConnections(sim: SimContext, sessions: Set<Session>): Connections {
  const closing = new Map<Session, Promise<void>>();
  let accepted = 0;
  let stopped = false;

  const cancelOnDisconnect = (session: Session): number => {
    if (!session.cod || session.loggedOut) return 0;
    let count = 0;
    for (const inst of sim.market.instruments.values()) {
      const own = (e: { inst: unknown; owner: { connection: number } }) =>
        e.inst === inst && e.owner.connection === session.id;
      count += sim.market.mutate(inst, () => sim.engine.cancelWhere(own, 'cancel_on_disconnect')).length;
    }
    return count;
  };

  const accept = (ws: WebSocket): void => {
    if (stopped) return void ws.terminate();
    const id = ++accepted;
    const session: Session = createSession(id, ws, sim.settings, {
      canSend: () => !sim.isStalled(session),
      sentTestRequest: () => sim.log({ type: 'test_request', connection: id }),
      timedOut: () => {
        sim.log({ type: 'heartbeat_timeout', connection: id });
        sim.close(session, 1000, 'heartbeat timeout');
      },
    });
    sessions.add(session);
    closing.set(
      session,
      new Promise<void>((resolve) =>
        ws.once('close', (code: number) => {
          session.heartbeat.stop();
          sessions.delete(session);
          closing.delete(session);
          const cancelled = cancelOnDisconnect(session);
          sim.auth.closed(id);
          sim.log({ type: 'close', connection: id, code, cancelled });
          resolve();
        }),
      ),
    );
    ws.on('error', () => {}); // a broken client ends in 'close'
    const idle = idleTimer(sim, session);
    ws.once('close', idle.stop);
    ws.on('ping', (data) => {
      idle.touch();
      if (!sim.isStalled(session)) ws.pong(data);
    });
    ws.on('message', (data, isBinary) => {
      idle.touch();
      handleFrame(sim, session, data, isBinary);
    });
    sim.log({ type: 'connection', connection: id });
  };

  const dropAll = async (code?: number, reason = ''): Promise<void> => {
    const all = [...sessions];
    for (const s of all) {
      if (code === undefined) s.ws.terminate();
      else s.ws.close(code, reason);
    }
    await Promise.all(all.map((s) => closing.get(s)));
  };

  return {
    route: () => (sessions.size >= sim.settings.maxConnections ? 429 : accept),
    get accepted() {
      return accepted;
    },
    closed: (session) => closing.get(session) ?? Promise.resolve(),
    dropAll,
    async shutDown() {
      stopped = true;
      await dropAll();
    },
  };
}

/**
 * Deribit closes a connection that stays silent for 10 minutes (`idleTimeoutMs`) while no heartbeat is set;
 * with a heartbeat on, the heartbeat decides instead.
 */
function idleTimer(sim: SimContext, session: Session): { touch(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    if (session.heartbeat.isSet() || sim.isStalled(session)) return touch();
    sim.log({ type: 'idle_timeout', connection: session.id });
    sim.close(session, 1000, 'connection idle');
  };
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(fire, sim.settings.idleTimeoutMs);
  };
  touch();
  return { touch, stop: () => clearTimeout(timer) };
}
