// Authentication against the simulator: signature (default) and credentials grants, credentials providers,
// clock offset, token refresh before expiry, expired tokens (13009 → re-authenticate), and bad credentials
// (fatal: a clear error, no reconnect loop, no secret anywhere).
import { inspect } from 'node:util';
import { AuthError, RpcError } from '@zen-websocket/core';
import { createDeribitClient } from '@zen-websocket/deribit';
import { wsSocketFactory } from '@zen-websocket/testing';
import { describe, expect, it } from 'vitest';
import { deribit, next, simulator } from './helpers.js';

describe('authentication', () => {
  it('signs with client_signature by default: the secret never goes on the wire', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const [auth] = sim.requests('public/auth');
    expect(auth?.params).toMatchObject({
      grant_type: 'client_signature',
      client_id: sim.credentials.clientId,
      signature: '***',
      data: '',
    });
    expect(auth?.params).not.toHaveProperty('client_secret');
    expect(auth?.error).toBeUndefined();
    expect(await client.getOpenOrders()).toEqual([]);
    expect(await client.authenticate()).toEqual({ expiresIn: 900, scope: 'connection mainaccount' });
  });

  it('supports client_credentials, a credentials provider and a scope', async () => {
    const sim = await simulator();
    let calls = 0;
    const client = await deribit(sim, {
      auth: 'client_credentials',
      credentials: async () => {
        calls++;
        return sim.credentials;
      },
      scope: 'session:zen',
    });
    expect(sim.requests('public/auth')[0]?.params).toMatchObject({
      grant_type: 'client_credentials',
      client_secret: '***',
      scope: 'session:zen',
    });
    expect(calls).toBe(1);
    expect((await client.authenticate()).scope).toBe('session:zen mainaccount');
    expect(calls).toBe(2);
  });

  it('estimates the clock offset from usIn/usOut and signs in server time', async () => {
    const sim = await simulator({ clockOffsetMs: 3_600_000 }); // the server runs an hour ahead
    const client = await deribit(sim);
    expect(
      sim
        .requests()
        .map((r) => r.method)
        .slice(0, 2),
    ).toEqual(['public/get_time', 'public/auth']);
    expect(sim.requests('public/auth')[0]?.error).toBeUndefined();
    expect(Math.abs(client.getClockOffset() - 3_600_000)).toBeLessThan(1000);
    const ts = sim.requests('public/auth')[0]?.params.timestamp as number;
    expect(Math.abs(ts - (Date.now() + 3_600_000))).toBeLessThan(5000);
  });

  it('refreshes the token before expires_in runs out, with the refresh_token grant', async () => {
    const sim = await simulator({ tokenLifetimeMs: 300 });
    const client = await deribit(sim);
    let refreshes = 0;
    await sim.waitFor(
      (e) => e.type === 'request' && e.params.grant_type === 'refresh_token' && ++refreshes === 3,
      5000,
    );
    expect(sim.requests('public/auth').every((r) => r.error === undefined)).toBe(true);
    expect(await client.getOpenOrders()).toEqual([]); // still authenticated
    expect(sim.connectionCount).toBe(1);
  });

  it('clamps the refresh timer below 2^31 − 1 ms for long-lived tokens', async () => {
    const sim = await simulator({ tokenLifetimeMs: 315_360_000_000 }); // ten years
    const delays: number[] = [];
    const clock = {
      now: () => performance.now(),
      setTimeout: (fn: () => void, ms: number) => {
        delays.push(ms);
        return setTimeout(fn, Math.min(ms, 2_147_483_647));
      },
      clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const client = await deribit(sim, { clock });
    expect(sim.requests('public/auth')[0]?.error).toBeUndefined();
    expect(Math.max(...delays)).toBe(2_147_483_647);
    expect(await client.authenticate()).toMatchObject({ expiresIn: 315_360_000 });
  });

  it('a start that fails after logging in leaves no timer behind', async () => {
    const sim = await simulator({ minHeartbeatInterval: 20 }); // set_heartbeat {interval: 10} is refused
    const live = new Set<unknown>();
    const clock = {
      now: () => performance.now(),
      setTimeout: (fn: () => void, ms: number) => {
        const handle = setTimeout(() => {
          live.delete(handle);
          fn();
        }, ms);
        live.add(handle);
        return handle;
      },
      clearTimeout: (handle: unknown) => {
        live.delete(handle);
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      },
    };
    const error = await createDeribitClient({
      url: sim.url,
      ...sim.credentials,
      socketFactory: wsSocketFactory,
      heartbeatInterval: 10,
      retryCount: 1,
      retryDelay: 1,
      clock,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'max_reconnection_attempts' });
    expect(sim.requests('public/set_heartbeat').map((r) => r.error)).toEqual([-32602, -32602]);
    expect(sim.requests('public/auth').every((r) => r.error === undefined)).toBe(true);
    expect(live.size).toBe(0);
  });

  it('survives token expiry: a 13009 re-authenticates and the call goes through once more', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    sim.expireTokens();
    expect(await client.getOpenOrders()).toEqual([]);
    const calls = sim.requests('private/get_open_orders');
    expect(calls.map((c) => c.error)).toEqual([13009, undefined]);
    expect(sim.requests('public/auth')).toHaveLength(2);
    expect(sim.connectionCount).toBe(1);
  });

  it('falls back to a full login when the refresh token is refused', async () => {
    const sim = await simulator({ tokenLifetimeMs: 300 });
    await deribit(sim);
    sim.expireTokens(); // the refresh token dies too
    const relogin = await sim.waitFor(
      (e) =>
        e.type === 'request' &&
        e.params.grant_type === 'client_signature' &&
        e.error === undefined &&
        e !== sim.requests('public/auth')[0],
      5000,
    );
    expect(relogin).toBeDefined();
    expect(sim.requests('public/auth').some((r) => r.params.grant_type === 'refresh_token' && r.error === 13009)).toBe(
      true,
    );
  });

  it('stops on bad credentials: AuthError, one connection, no reconnect loop, no secret in the error', async () => {
    const sim = await simulator();
    const secret = 'wrong-secret-value';
    const lines: string[] = [];
    const error = await createDeribitClient({
      url: sim.url,
      socketFactory: wsSocketFactory,
      clientId: sim.credentials.clientId,
      clientSecret: secret,
      retryDelay: 1,
      retryCount: 5,
      debug: (line) => lines.push(line),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect((error as AuthError).cause).toBeInstanceOf(RpcError);
    expect(sim.connectionCount).toBe(1);
    for (const text of [String(error), (error as Error).message, inspect(error, { depth: 5 }), lines.join('\n')]) {
      expect(text).not.toContain(secret);
    }

    const unknown = await createDeribitClient({
      url: sim.url,
      socketFactory: wsSocketFactory,
      auth: 'client_credentials',
      clientId: 'nobody',
      clientSecret: secret,
    }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ name: 'AuthError', code: 'invalid_credentials' });
    expect((unknown as Error).message).toMatch(/invalid_credentials \(13004\)/);
    expect(sim.connectionCount).toBe(2);
  });

  it('credentials revoked mid-session stop the client with the AuthError instead of looping', async () => {
    const sim = await simulator();
    let secret = sim.credentials.clientSecret;
    const client = await deribit(sim, {
      credentials: () => ({ clientId: sim.credentials.clientId, clientSecret: secret }),
    });
    const stopped = next(client, 'error');
    secret = 'revoked';
    sim.expireTokens();
    await expect(client.getOpenOrders()).rejects.toBeInstanceOf(AuthError);
    expect(await stopped).toBeInstanceOf(AuthError);
    expect(client.getState()).toBe('disconnected');
    expect(sim.connectionCount).toBe(2); // the reconnect that confirmed it, then nothing
  });

  it('keeps secrets out of the client object', async () => {
    const sim = await simulator();
    const client = await deribit(sim);
    const seen = inspect(client, { depth: 6, showHidden: true, getters: true });
    expect(seen).not.toContain(sim.credentials.clientSecret);
    expect(JSON.stringify(Object.keys(client))).not.toContain('secret');
  });
});
