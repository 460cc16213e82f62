import { AuthError, type Client, type Clock } from '@zen-websocket/core';
import { hmacSha256Hex } from '@zen-websocket/core/crypto';
import { authFailure } from './errors.js';
import type { AuthInfo, DeribitCredentials, Params } from './types.js';

/**
 * Deribit's `client_signature`: lower-case hex HMAC-SHA256 of `timestamp\nnonce\ndata` under the client secret
 * (WebCrypto where available, `@noble/hashes` elsewhere).
 *
 * @example
 * await clientSignature('ABCD', 1554883365000, 'fdbmmz79') // 'e20c9cd5…' (Deribit's published vector)
 */
export function clientSignature(secret: string, timestamp: number, nonce: string, data = ''): Promise<string> {
  return hmacSha256Hex(secret, `${timestamp}\n${nonce}\n${data}`);
}

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
      timer = s.clock.setTimeout(() => void refresh(client), Math.min(ms, 2_147_483_647));
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
