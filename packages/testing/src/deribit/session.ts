/**
 * One client connection's state on the simulator: its subscriptions, token, cancel-on-disconnect flag, credit
 * buckets and heartbeat.
 */
import type { WebSocket } from 'ws';
import type { Token } from './auth.js';
import type { ChannelSpec } from './channels.js';
import { type CreditBucket, createCreditBucket } from './credits.js';
import { createHeartbeat, type HeartbeatHost, type HeartbeatTimer } from './heartbeat.js';
import type { SimSettings } from './options.js';

export interface Session {
  /** 1, 2, 3… in accept order. */
  readonly id: number;
  readonly ws: WebSocket;
  /** Subscribed channel → what it listens to. */
  readonly subs: Map<string, ChannelSpec>;
  /** The token of the last successful `public/auth` on this connection. */
  token: Token | undefined;
  /** Cancel-on-disconnect is on for this connection. */
  cod: boolean;
  /** `private/logout` was called: the close that follows does not cancel orders. */
  loggedOut: boolean;
  readonly credits: CreditBucket;
  readonly matching: CreditBucket;
  readonly heartbeat: HeartbeatTimer;
  /** Sends unless the connection is closing or the simulator is stalled. */
  send(message: object): void;
  /** The account this connection authenticated as (kept after the token expires, for notifications). */
  account(): string | undefined;
}

/**
 * Creates the state of a freshly accepted connection.
 *
 * @example
 * const session = createSession(1, ws, settings, { canSend: () => true, ...hooks });
 */
export function createSession(
  id: number,
  ws: WebSocket,
  settings: SimSettings,
  hooks: Omit<HeartbeatHost, 'send' | 'active'> & { canSend(): boolean },
): Session {
  const send = (message: object) => {
    if (ws.readyState === ws.OPEN && hooks.canSend()) ws.send(JSON.stringify(message));
  };
  const session: Session = {
    id,
    ws,
    subs: new Map(),
    token: undefined,
    cod: false,
    loggedOut: false,
    credits: createCreditBucket(settings.credits),
    matching: createCreditBucket(settings.matchingCredits),
    heartbeat: createHeartbeat({ ...hooks, send, active: hooks.canSend }),
    send,
    account: () => session.token?.account.clientId,
  };
  return session;
}
