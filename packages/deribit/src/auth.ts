import { AuthError, type Client, type Clock, RpcError } from '@zen-websocket/core';
import { MAX_TIMER_DELAY } from '@zen-websocket/core/internal';
import { venueReason } from './errors.js';
import { clientSignature } from './signature.js';
import type { AuthInfo, DeribitCredentials, Params } from './types.js';

// The login and token refresh of clients given credentials: the client imports this module when it is given
// them (its own chunk for bundlers), so public-data pages do not ship it.

export interface AuthSettings {
  credentials(): DeribitCredentials | Promise<DeribitCredentials>;
  mode: 'client_signature' | 'client_credentials';
  scope: string | undefined;
  clock: Clock;
  /** Server time, ms (local time corrected by the measured offset). */
  now(): number;
}

/** Authentication of a client's connections, and the token refresh between them. */
export interface AuthSession {
  /** Full authentication (signature or credentials) of the current connection. */
  login(client: Client): Promise<AuthInfo>;
  /** Authenticates again now, one at a time; a refusal reconnects, so the client stops with the `AuthError`. */
  reauth(client: Client): Promise<AuthInfo>;
  /** Cancels the refresh timer. */
  stop(): void;
}

interface AuthResult {
  refresh_token: string;
  expires_in: number;
  scope: string;
}

/**
 * Creates the auth session. After each grant a refresh (`grant_type: refresh_token`) is scheduled at 80 % of
 * `expires_in` (clamped to the largest timer delay); if the refresh fails it falls back to a full login.
 */
export function createAuth(s: AuthSettings): AuthSession {
  let refreshToken = '';
  let timer: unknown;
  let pending: Promise<AuthInfo> | undefined;
  const stop = () => {
    if (timer !== undefined) s.clock.clearTimeout(timer);
    timer = undefined;
  };
  const later = (client: Client, ms: number) => {
    stop();
    if (client.getState() !== 'closed')
      timer = s.clock.setTimeout(() => void refresh(client), Math.min(ms, MAX_TIMER_DELAY));
  };

  const grant = async (client: Client, params: Params): Promise<AuthInfo> => {
    let r: AuthResult;
    try {
      r = await client.request<AuthResult>('public/auth', params);
    } catch (error) {
      throw authFailure(error);
    }
    refreshToken = r.refresh_token;
    later(client, r.expires_in * 800);
    return { expiresIn: r.expires_in, scope: r.scope };
  };

  const login = async (client: Client): Promise<AuthInfo> => {
    const { clientId, clientSecret } = await s.credentials();
    const scope = s.scope ? { scope: s.scope } : {};
    if (s.mode === 'client_credentials') {
      return grant(client, { grant_type: s.mode, client_id: clientId, client_secret: clientSecret, ...scope });
    }
    const timestamp = Math.round(s.now());
    const nonce = Math.random().toString(36).slice(2, 10);
    const signature = await clientSignature(clientSecret, timestamp, nonce);
    return grant(client, { grant_type: s.mode, client_id: clientId, timestamp, nonce, data: '', signature, ...scope });
  };

  const reauth = async (client: Client): Promise<AuthInfo> => {
    pending ??= login(client).finally(() => {
      pending = undefined;
    });
    try {
      return await pending;
    } catch (error) {
      if (error instanceof AuthError) client.reconnect().catch(() => {});
      throw error;
    }
  };

  const refresh = async (client: Client): Promise<void> => {
    timer = undefined;
    if (client.getState() !== 'connected') return; // the next connection logs in anyway
    try {
      await grant(client, { grant_type: 'refresh_token', refresh_token: refreshToken });
    } catch {
      await reauth(client).catch((error) => error instanceof AuthError || later(client, 1000));
    }
  };

  return { login, reauth, stop };
}

/** Turns a refused `public/auth` into an `AuthError` (no secret in it); other errors pass through. */
function authFailure(error: unknown): unknown {
  if (!(error instanceof RpcError) || ![10000, 13004, 13009].includes(error.rpcCode)) return error;
  const reason = venueReason(error.data);
  return new AuthError(
    error.rpcCode === 13004 ? 'invalid_credentials' : 'unauthorized',
    `Deribit refused the credentials: ${error.rpcMessage} (${error.rpcCode})${reason === undefined ? '' : `: ${reason}`}; check clientId and clientSecret`,
    { cause: error },
  );
}
