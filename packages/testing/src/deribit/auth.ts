/**
 * `public/auth` with its three grants, signature verification (HMAC-SHA256 over `timestamp\nnonce\ndata`), and
 * the tokens it issues: connection-scoped by default, `session:<name>` scoped on request, with a lifetime tests
 * can set (`tokenLifetimeMs`, or `expires:<seconds>` in the scope).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimClock } from './envelope.js';
import type { SimSettings } from './options.js';
import { num, optStr, type Params, str } from './params.js';
import { DeribitFault, invalidParam } from './rpc-error.js';
import type { DeribitAccount } from './types.js';

/** An issued access/refresh token pair. */
export interface Token {
  readonly access: string;
  readonly refresh: string;
  readonly account: DeribitAccount;
  /** The connection a connection-scoped token is bound to; undefined for session tokens. */
  readonly connection: number | undefined;
  readonly scope: string;
  readonly lifetimeMs: number;
  /** Host time (ms) after which the access token no longer works. */
  expiresAt: number;
  revoked: boolean;
}

/** The token store and the grant logic. */
export interface Auth {
  /** Runs `public/auth` for `connection`; returns the result to send and the token issued. */
  grant(params: Params, connection: number): { result: Record<string, unknown>; token: Token };
  /** Whether `token` may be used on `connection` now. */
  valid(token: Token | undefined, connection: number): token is Token;
  /** The token with this access string, if any. */
  find(access: string): Token | undefined;
  /** The connection closed: its connection-scoped tokens stop working. */
  closed(connection: number): void;
  /** Every token expires now (fault hook). */
  expireAll(): void;
}

const GRANTS = ['client_credentials', 'client_signature', 'refresh_token'] as const;

/**
 * Creates the auth part of a simulator.
 *
 * @example
 * const auth = createAuth(settings, clock);
 * auth.grant({ grant_type: 'client_credentials', client_id: 'sim-client', client_secret: 'sim-secret' }, 1);
 */
export function createAuth(settings: SimSettings, clock: SimClock): Auth {
  const tokens = new Map<string, Token>();
  const byRefresh = new Map<string, Token>();
  const usedNonces = new Set<string>();

  const account = (clientId: string): DeribitAccount => {
    const found = settings.accounts.find((a) => a.clientId === clientId);
    if (!found) throw new DeribitFault(13004);
    return found;
  };

  const verifySignature = (params: Params): DeribitAccount => {
    const acct = account(str(params, 'client_id'));
    const timestamp = num(params, 'timestamp');
    const signature = str(params, 'signature');
    const nonce = optStr(params, 'nonce') ?? '';
    const data = typeof params.data === 'string' ? params.data : '';
    if (Math.abs(clock.ms() - timestamp) > settings.signatureWindowMs) {
      throw new DeribitFault(13009, { reason: 'timestamp outside the allowed window', param: 'timestamp' });
    }
    const expected = createHmac('sha256', acct.clientSecret).update(`${timestamp}\n${nonce}\n${data}`).digest();
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new DeribitFault(13009, { reason: 'invalid signature', param: 'signature' });
    }
    const key = `${acct.clientId}\n${timestamp}\n${nonce}`;
    if (nonce !== '' && usedNonces.has(key)) throw new DeribitFault(13009, { reason: 'nonce already used' });
    usedNonces.add(key);
    return acct;
  };

  const issue = (acct: DeribitAccount, connection: number, scopeParam: string | undefined, from?: Token): Token => {
    const requested = (scopeParam ?? '').split(' ').filter(Boolean);
    const session = requested.find((s) => s.startsWith('session:'));
    const expires = requested.find((s) => s.startsWith('expires:'));
    const lifetimeMs = from?.lifetimeMs ?? (expires ? Number(expires.slice(8)) * 1000 : settings.tokenLifetimeMs);
    if (!(lifetimeMs > 0)) throw invalidParam('scope', 'expires:<seconds> must be a positive number');
    const others = requested.filter((s) => s !== 'connection' && s !== session && s !== expires);
    const scope = from?.scope ?? [session ?? 'connection', ...others, 'mainaccount'].join(' ');
    const token: Token = {
      access: tokenString(),
      refresh: tokenString(),
      account: acct,
      connection: from ? from.connection : session ? undefined : connection,
      scope,
      lifetimeMs,
      expiresAt: Date.now() + lifetimeMs,
      revoked: false,
    };
    tokens.set(token.access, token);
    byRefresh.set(token.refresh, token);
    return token;
  };

  const refreshFrom = (params: Params, connection: number): Token => {
    const old = byRefresh.get(str(params, 'refresh_token'));
    if (!old || old.revoked || (old.connection !== undefined && old.connection !== connection)) {
      throw new DeribitFault(13009, { reason: 'invalid or expired refresh token' });
    }
    old.revoked = true;
    byRefresh.delete(old.refresh);
    return issue(old.account, connection, undefined, old);
  };

  return {
    grant(params, connection) {
      const grantType = str(params, 'grant_type');
      if (!(GRANTS as readonly string[]).includes(grantType)) {
        throw invalidParam('grant_type', `must be one of ${GRANTS.join(', ')}`);
      }
      let token: Token;
      if (grantType === 'refresh_token') token = refreshFrom(params, connection);
      else {
        const acct = grantType === 'client_signature' ? verifySignature(params) : account(str(params, 'client_id'));
        if (grantType === 'client_credentials' && str(params, 'client_secret') !== acct.clientSecret) {
          throw new DeribitFault(13004);
        }
        token = issue(acct, connection, optStr(params, 'scope'));
      }
      const result: Record<string, unknown> = {
        access_token: token.access,
        token_type: 'bearer',
        expires_in: token.lifetimeMs / 1000,
        refresh_token: token.refresh,
        scope: token.scope,
        enabled_features: [],
      };
      if (params.state !== undefined) result.state = params.state;
      return { result, token };
    },
    valid(token, connection): token is Token {
      if (!token || token.revoked || Date.now() >= token.expiresAt) return false;
      return token.connection === undefined || token.connection === connection;
    },
    find: (access) => tokens.get(access),
    closed(connection) {
      for (const token of tokens.values()) {
        if (token.connection !== connection) continue;
        token.revoked = true;
        tokens.delete(token.access);
        byRefresh.delete(token.refresh);
      }
    },
    expireAll() {
      for (const token of tokens.values()) token.revoked = true;
    },
  };
}

function tokenString(): string {
  return `${Date.now()}.${randomBytes(4).toString('hex')}.${randomBytes(24).toString('base64url')}`;
}
