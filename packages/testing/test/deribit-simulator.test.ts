// The Deribit simulator over real sockets (a bare `ws` client), one simulator per test: the checklist of
// docs/venues/deribit.md (envelope, error codes, auth grants, heartbeats, subscriptions, matching, cancel-on-
// disconnect, credits, maintenance, limits) and its fault hooks.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { type DeribitSimulator, startDeribitSimulator } from '../src/deribit/index.js';
import { type Json, openRpc } from './helpers/json-rpc-client.js';

let sim: DeribitSimulator | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const ws of sockets.splice(0)) if (ws.readyState === WebSocket.OPEN) ws.terminate();
  await sim?.stop();
  sim = undefined;
});

async function start(options: Parameters<typeof startDeribitSimulator>[0] = {}): Promise<DeribitSimulator> {
  sim = await startDeribitSimulator({ feedIntervalMs: 0, ...options });
  return sim;
}

/** A bare JSON-RPC client on the simulator (see helpers/json-rpc-client.ts). */
const open = (s: DeribitSimulator) => openRpc(s.url, sockets);

async function authed(s: DeribitSimulator) {
  const c = await open(s);
  const reply = await c.call('public/auth', {
    grant_type: 'client_credentials',
    client_id: s.credentials.clientId,
    client_secret: s.credentials.clientSecret,
  });
  expect(reply.result.access_token).toEqual(expect.any(String));
  return c;
}

describe('envelope and protocol errors', () => {
  it('answers with usIn/usOut/usDiff/testnet and echoes integer and string ids', async () => {
    const c = await open(await start());
    const r = await c.call('public/test');
    expect(r).toMatchObject({ jsonrpc: '2.0', id: 1, result: { version: expect.any(String) }, testnet: true });
    expect(Number.isInteger(r.usIn) && Number.isInteger(r.usOut)).toBe(true);
    expect(r.usOut).toBeGreaterThanOrEqual(r.usIn);
    expect(r.usDiff).toBe(r.usOut - r.usIn);
    c.send(JSON.stringify({ jsonrpc: '2.0', id: 'abc', method: 'public/get_time' }));
    const s = await c.next((m) => m.id === 'abc');
    expect(s.result).toBeGreaterThan(1_600_000_000_000);
  });

  it('rejects non-JSON, unknown methods, batches, positional and missing params, and oversized frames', async () => {
    const c = await open(await start());
    c.send('not json');
    expect((await c.next((m) => m.error?.code === -32700)).error.message).toBe('Parse error');
    expect((await c.call('public/nope')).error).toMatchObject({ code: -32601, message: 'Method not found' });
    c.send(JSON.stringify([{ jsonrpc: '2.0', id: 90, method: 'public/test' }]));
    expect((await c.next((m) => m.error?.code === -32600)).error.data.reason).toMatch(/batch/);
    c.send(JSON.stringify({ jsonrpc: '2.0', id: 91, method: 'public/ticker', params: ['BTC-PERPETUAL'] }));
    expect((await c.next((m) => m.id === 91)).error.code).toBe(-32602);
    expect((await c.call('public/ticker', {})).error).toMatchObject({
      code: -32000,
      message: 'Missing params',
      data: { param: 'instrument_name' },
    });
    const big = await c.call('public/test', { pad: 'x'.repeat(33_000) });
    expect(big.error).toMatchObject({ code: -32600, message: 'request entity too large' });
    expect((await c.call('public/test')).result).toBeDefined(); // still open
    expect((await c.call('public/test', { expected_result: 'exception' })).error.code).toBe(11094);
  });
});

describe('authentication', () => {
  it('client_credentials issues a bearer token pair with the configured lifetime and connection scope', async () => {
    const s = await start({ tokenLifetimeMs: 300 });
    const c = await open(s);
    const ok = await c.call('public/auth', {
      grant_type: 'client_credentials',
      client_id: s.credentials.clientId,
      client_secret: s.credentials.clientSecret,
      state: 'x',
    });
    expect(ok.result).toMatchObject({
      token_type: 'bearer',
      expires_in: 0.3,
      scope: 'connection mainaccount',
      state: 'x',
      refresh_token: expect.any(String),
    });
    const custom = await c.call('public/auth', {
      grant_type: 'client_credentials',
      client_id: s.credentials.clientId,
      client_secret: s.credentials.clientSecret,
      scope: 'session:bot expires:5 trade:read_write',
    });
    expect(custom.result).toMatchObject({ expires_in: 5, scope: 'session:bot trade:read_write mainaccount' });
    const wrong = await c.call('public/auth', {
      grant_type: 'client_credentials',
      client_id: s.credentials.clientId,
      client_secret: 'nope',
    });
    expect(wrong.error).toMatchObject({ code: 13004, message: 'invalid_credentials' });
    expect(JSON.stringify(wrong)).not.toContain(s.credentials.clientSecret);
    const unknown = await c.call('public/auth', {
      grant_type: 'client_credentials',
      client_id: 'x',
      client_secret: 'y',
    });
    expect(unknown.error.code).toBe(13004);
    expect(s.requests('public/auth')[0]?.params.client_secret).toBe('***'); // the event log redacts secrets
  });

  it('client_signature verifies the published vector, and refuses bad signatures, stale timestamps and reused nonces', async () => {
    const s = await start({
      accounts: [{ clientId: 'AAAAAAAAAAA', clientSecret: 'ABCD' }],
      clockOffsetMs: 1_554_883_365_000 - Date.now(),
    });
    const c = await open(s);
    const vector = {
      grant_type: 'client_signature',
      client_id: 'AAAAAAAAAAA',
      timestamp: '1554883365000',
      nonce: 'fdbmmz79',
      data: '',
      signature: 'e20c9cd5639d41f8bbc88f4d699c4baf94a4f0ee320e9a116b72743c449eb994',
    };
    expect((await c.call('public/auth', vector)).result.token_type).toBe('bearer');
    expect((await c.call('public/auth', vector)).error.data.reason).toMatch(/nonce/);
    const tampered = await c.call('public/auth', { ...vector, nonce: 'other', signature: 'ab'.repeat(32) });
    expect(tampered.error).toMatchObject({ code: 13009, data: { reason: 'invalid signature' } });

    const s2 = await startDeribitSimulator({
      feedIntervalMs: 0,
      accounts: [{ clientId: 'AAAAAAAAAAA', clientSecret: 'ABCD' }],
    });
    try {
      const c2 = await open(s2);
      const stale = await c2.call('public/auth', { ...vector, nonce: 'n2' });
      expect(stale.error).toMatchObject({ code: 13009, data: { param: 'timestamp' } });
      const ts = Date.now();
      const signature = createHmac('sha256', 'ABCD').update(`${ts}\nn3\n`).digest('hex');
      const fresh = await c2.call('public/auth', { ...vector, timestamp: ts, nonce: 'n3', signature });
      expect(fresh.result.access_token).toEqual(expect.any(String));
    } finally {
      await s2.stop();
    }
  });

  it('refresh_token rotates the pair; connection tokens only work on their connection, session tokens anywhere', async () => {
    const s = await start();
    const c = await open(s);
    const first = (
      await c.call('public/auth', {
        grant_type: 'client_credentials',
        client_id: s.credentials.clientId,
        client_secret: s.credentials.clientSecret,
      })
    ).result;
    const refreshed = await c.call('public/auth', { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.result.access_token).not.toBe(first.access_token);
    const reused = await c.call('public/auth', { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.error.code).toBe(13009);

    const other = await open(s);
    const foreign = await other.call('private/get_open_orders', { access_token: refreshed.result.access_token });
    expect(foreign.error).toMatchObject({ code: 13009, message: 'unauthorized' });
    const session = (
      await c.call('public/auth', {
        grant_type: 'client_credentials',
        client_id: s.credentials.clientId,
        client_secret: s.credentials.clientSecret,
        scope: 'session:shared',
      })
    ).result;
    expect((await other.call('private/get_open_orders', { access_token: session.access_token })).result).toEqual([]);
  });

  it('private methods need auth; tokens stop working when they expire or when expireTokens() is called', async () => {
    const s = await start({ tokenLifetimeMs: 1000 });
    const anon = await open(s);
    expect((await anon.call('private/get_open_orders')).error).toMatchObject({ code: 13009, message: 'unauthorized' });
    const c = await authed(s);
    expect((await c.call('private/get_open_orders')).result).toEqual([]);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 1500);
    expect((await c.call('private/get_open_orders')).error.code).toBe(13009);
    vi.useRealTimers();
    const d = await authed(s);
    s.expireTokens();
    expect((await d.call('private/get_open_orders')).error.code).toBe(13009);
  });
});

describe('heartbeats', () => {
  it('refuses intervals below the minimum', async () => {
    const c = await open(await start());
    const r = await c.call('public/set_heartbeat', { interval: 5 });
    expect(r.error).toMatchObject({ code: -32602, data: { param: 'interval' } });
  });

  it('sends test_request each interval and keeps a connection that answers with public/test', async () => {
    const s = await start({ heartbeatUnitMs: 3 }); // 10 s → 30 ms
    const c = await open(s);
    c.ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Json;
      if (m.params?.type === 'test_request')
        c.send(JSON.stringify({ jsonrpc: '2.0', method: 'public/test', params: {} }));
    });
    expect((await c.call('public/set_heartbeat', { interval: 10 })).result).toBe('ok');
    let seen = 0;
    await s.waitFor((e) => e.type === 'test_request' && ++seen === 3);
    expect(c.inbox.some((m) => m.method === 'heartbeat' && m.params.type === 'heartbeat')).toBe(true);
    expect(s.events.some((e) => e.type === 'heartbeat_timeout')).toBe(false);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes a connection that does not answer test_request, and cancel-on-disconnect then fires', async () => {
    const s = await start({ heartbeatUnitMs: 3 });
    const c = await authed(s);
    await c.call('private/enable_cancel_on_disconnect', {});
    const order = await c.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 10, price: 60_000 });
    expect(order.result.order.order_state).toBe('open');
    await c.call('public/set_heartbeat', { interval: 10 });
    await s.waitFor('heartbeat_timeout');
    expect(await s.waitFor('close')).toMatchObject({ connection: 1, cancelled: 1 });
    await c.closed;
    expect(s.orders()[0]).toMatchObject({ order_state: 'cancelled', cancel_reason: 'cancel_on_disconnect' });
  });
});

describe('subscriptions', () => {
  it('answers with the accepted subset; .raw public channels need auth (13778)', async () => {
    const s = await start();
    const c = await open(s);
    const r = await c.call('public/subscribe', {
      channels: ['ticker.BTC-PERPETUAL.100ms', 'ticker.NOPE.100ms', 'user.orders.any.any.raw', 'bogus'],
    });
    expect(r.result).toEqual(['ticker.BTC-PERPETUAL.100ms']);
    expect((await c.call('public/subscribe', { channels: ['trades.BTC-PERPETUAL.raw'] })).error).toMatchObject({
      code: 13778,
      message: 'raw_subscriptions_not_available_for_unauthorized',
    });
    expect((await c.call('private/subscribe', { channels: ['user.orders.any.any.raw'] })).error.code).toBe(13009);
    const removed = await c.call('public/unsubscribe', {
      channels: ['ticker.BTC-PERPETUAL.100ms', 'ticker.ETH-PERPETUAL.100ms'],
    });
    expect(removed.result).toEqual(['ticker.BTC-PERPETUAL.100ms']);
    expect((await c.call('public/unsubscribe_all')).result).toBe('ok');
  });

  it('book channels start with a snapshot, then changes chain prev_change_id to change_id; gap() breaks the chain once', async () => {
    const s = await start();
    const c = await open(s);
    const channel = 'book.BTC-PERPETUAL.100ms';
    await c.call('public/subscribe', {
      channels: [channel, 'ticker.BTC-PERPETUAL.100ms', 'book.BTC-PERPETUAL.none.10.100ms'],
    });
    const snapshot = await c.next((m) => m.params?.channel === channel);
    expect(snapshot.params.data).toMatchObject({ type: 'snapshot', instrument_name: 'BTC-PERPETUAL' });
    expect(snapshot.params.data.bids[0]).toEqual(['new', expect.any(Number), expect.any(Number)]);
    s.tick(20);
    await c.next((m) => m.params?.channel === channel && m.params.data.type === 'change');
    await c.next((m) => m.params?.channel === 'ticker.BTC-PERPETUAL.100ms');
    await c.next((m) => m.params?.channel === 'book.BTC-PERPETUAL.none.10.100ms');
    let books = c.notes(channel);
    for (let i = 1; i < books.length; i++) expect(books[i].prev_change_id).toBe(books[i - 1].change_id);
    expect(c.notes('ticker.BTC-PERPETUAL.100ms').at(-1)).toMatchObject({
      best_bid_price: expect.any(Number),
      mark_price: expect.any(Number),
    });
    for (const top of c.notes('book.BTC-PERPETUAL.none.10.100ms')) {
      expect(top.bids.length).toBeGreaterThan(0); // a taker may have consumed a level: at most 10
      expect(top.bids.length).toBeLessThanOrEqual(10);
    }

    s.gap('BTC-PERPETUAL');
    s.tick(20);
    const gap = (await s.waitFor('gap')) as { changeId: number };
    await c.next((m) => m.params?.channel === channel && m.params.data.prev_change_id === gap.changeId);
    books = c.notes(channel);
    const broken = books.findIndex((b, i) => i > 0 && b.prev_change_id !== books[i - 1].change_id);
    expect(books[broken].prev_change_id).toBe(gap.changeId);
    expect(books.filter((b, i) => i > 0 && b.prev_change_id !== books[i - 1].change_id)).toHaveLength(1);
  });
});

describe('trading', () => {
  it('a market buy fills against the book and notifies user orders, user trades and public trades', async () => {
    const s = await start();
    const c = await authed(s);
    await c.call('private/subscribe', {
      channels: [
        'user.orders.BTC-PERPETUAL.raw',
        'user.trades.BTC-PERPETUAL.100ms',
        'trades.BTC-PERPETUAL.100ms',
        'user.orders.any.any.100ms',
      ],
    });
    const r = await c.call('private/buy', {
      instrument_name: 'BTC-PERPETUAL',
      amount: 20,
      type: 'market',
      label: 'demo',
    });
    expect(r.result.order).toMatchObject({ order_state: 'filled', filled_amount: 20, direction: 'buy', label: 'demo' });
    expect(r.result.trades[0]).toMatchObject({
      liquidity: 'T',
      order_id: r.result.order.order_id,
      fee_currency: 'BTC',
    });
    const raw = await c.next((m) => m.params?.channel === 'user.orders.BTC-PERPETUAL.raw');
    expect(raw.params.data).toMatchObject({ order_id: r.result.order.order_id, order_state: 'filled' });
    const batched = await c.next((m) => m.params?.channel === 'user.orders.any.any.100ms');
    expect(Array.isArray(batched.params.data)).toBe(true);
    expect(
      (await c.next((m) => m.params?.channel === 'user.trades.BTC-PERPETUAL.100ms')).params.data[0].amount,
    ).toBeGreaterThan(0);
    expect((await c.next((m) => m.params?.channel === 'trades.BTC-PERPETUAL.100ms')).params.data[0].direction).toBe(
      'buy',
    );
  });

  it('limit orders rest, list, cancel (once), and cancel_all counts; bad input gets the right codes', async () => {
    const s = await start();
    const c = await authed(s);
    const a = (await c.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 10, price: 60_000 })).result
      .order;
    const b = (await c.call('private/sell', { instrument_name: 'ETH-PERPETUAL', amount: 3, price: 4_000 })).result
      .order;
    expect([a.order_state, b.order_state]).toEqual(['open', 'open']);
    expect((await c.call('private/get_open_orders')).result.map((o: Json) => o.order_id)).toEqual([
      a.order_id,
      b.order_id,
    ]);
    expect((await c.call('private/cancel', { order_id: a.order_id })).result).toMatchObject({
      order_state: 'cancelled',
      cancel_reason: 'user_request',
    });
    expect((await c.call('private/cancel', { order_id: a.order_id })).error.code).toBe(11044);
    expect((await c.call('private/cancel', { order_id: 'BTC-1' })).error).toMatchObject({
      code: 10004,
      message: 'order_not_found',
    });
    expect((await c.call('private/cancel_all')).result).toBe(1);
    const odd = await c.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 15, price: 60_000 });
    expect(odd.error).toMatchObject({ code: -32602, data: { param: 'amount' } });
    expect(
      (await c.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 10, price: 60_000.3 })).error.code,
    ).toBe(10043);
    const best = (await c.call('public/ticker', { instrument_name: 'BTC-PERPETUAL' })).result.best_ask_price;
    const po = await c.call('private/buy', {
      instrument_name: 'BTC-PERPETUAL',
      amount: 10,
      price: best,
      post_only: true,
      reject_post_only: true,
    });
    expect(po.error).toMatchObject({ code: 11054, message: 'post_only_reject' });
    const fok = await c.call('private/buy', {
      instrument_name: 'BTC-PERPETUAL',
      amount: 10_000_000,
      price: best,
      time_in_force: 'fill_or_kill',
    });
    expect(fok.result.order).toMatchObject({ order_state: 'cancelled', filled_amount: 0 });
  });

  it('serves instruments, tickers and order books', async () => {
    const c = await open(await start());
    const instruments = (await c.call('public/get_instruments', { currency: 'BTC' })).result;
    expect(instruments).toEqual([
      expect.objectContaining({ instrument_name: 'BTC-PERPETUAL', contract_size: 10, tick_size: 0.5 }),
    ]);
    const book = (await c.call('public/get_order_book', { instrument_name: 'ETH-PERPETUAL', depth: 5 })).result;
    expect(book.bids).toHaveLength(5);
    expect(book.best_bid_price).toBeLessThan(book.best_ask_price);
    expect((await c.call('public/get_order_book', { instrument_name: 'ETH-PERPETUAL', depth: 7 })).error.code).toBe(
      -32602,
    );
    expect((await c.call('public/ticker', { instrument_name: 'XRP-PERPETUAL' })).error.code).toBe(10020);
  });
});

describe('cancel-on-disconnect', () => {
  it('cancels this connection’s orders on a drop, not on logout; account scope sets the default', async () => {
    const s = await start();
    const c = await authed(s);
    await c.call('private/enable_cancel_on_disconnect', { scope: 'connection' });
    expect((await c.call('private/get_cancel_on_disconnect')).result).toEqual({ scope: 'connection', enabled: true });
    await c.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 10, price: 60_000 });
    await s.drop();
    expect(await s.waitFor('close')).toMatchObject({ code: 1006, cancelled: 1 });

    const d = await authed(s);
    await d.call('private/enable_cancel_on_disconnect', { scope: 'account' });
    expect((await d.call('private/get_cancel_on_disconnect')).result.enabled).toBe(false);
    await d.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 10, price: 60_000 });
    const e = await authed(s);
    expect((await e.call('private/get_cancel_on_disconnect')).result).toEqual({ scope: 'connection', enabled: true });
    await e.call('private/buy', { instrument_name: 'BTC-PERPETUAL', amount: 10, price: 60_500 });
    expect((await e.call('private/logout')).result).toBe('ok');
    expect((await e.closed).code).toBe(1000);
    expect(s.orders({ open: true })).toHaveLength(2);
  });
});

describe('limits and faults', () => {
  it('answers 10028 and closes the session when credits run out', async () => {
    const s = await start({ credits: { cost: 500, cap: 1500, refillPerSecond: 1 } });
    const c = await open(s);
    for (let i = 0; i < 3; i++) expect((await c.call('public/test')).result).toBeDefined();
    expect((await c.call('public/test')).error).toMatchObject({ code: 10028, message: 'too_many_requests' });
    expect(await c.closed).toMatchObject({ reason: 'too_many_requests' });
    expect(await s.waitFor('rate_limited')).toMatchObject({ method: 'public/test' });
  });

  it('maintenance drops everyone and answers 11051 until it ends', async () => {
    const s = await start();
    const c = await open(s);
    await s.maintenance(true);
    expect((await c.closed).code).toBe(1012);
    const d = await open(s);
    expect((await d.call('public/get_time')).error).toMatchObject({ code: 11051, message: 'system_maintenance' });
    await s.maintenance(false);
    expect((await d.call('public/get_time')).result).toEqual(expect.any(Number));
  });

  it('refuses connections past the limit with HTTP 429', async () => {
    const s = await start({ maxConnections: 1 });
    await open(s);
    const ws = new WebSocket(s.url);
    ws.on('error', () => {});
    const status = await new Promise<number>((resolve) =>
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(429);
  });

  it('dropBeforeReply executes the request, then drops the connection without answering', async () => {
    const s = await start();
    const c = await authed(s);
    s.dropBeforeReply('private/buy');
    c.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 77,
        method: 'private/buy',
        params: { instrument_name: 'BTC-PERPETUAL', amount: 10, price: 60_000 },
      }),
    );
    expect((await c.closed).code).toBe(1006);
    expect(c.inbox.some((m) => m.id === 77)).toBe(false);
    expect(s.orders({ open: true })).toHaveLength(1);
    expect(await s.waitFor((e) => e.type === 'request' && e.method === 'private/buy')).toMatchObject({ dropped: true });
  });

  it('stall() reads and sends nothing until resume()', async () => {
    const s = await start();
    const c = await open(s);
    s.stall();
    c.send(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'public/test' }));
    await s.waitFor('ignored');
    s.resume();
    expect((await c.call('public/test')).id).toBe(1);
    expect(c.inbox.some((m) => m.id === 5)).toBe(false);
  });

  it('rejects bad options at once', async () => {
    await expect(startDeribitSimulator({ port: -1 })).rejects.toThrow(RangeError);
    await expect(startDeribitSimulator({ accounts: [] })).rejects.toThrow(TypeError);
    await expect(startDeribitSimulator({ tokenLifetimeMs: 0 })).rejects.toThrow(/tokenLifetimeMs/);
  });

  it('a live feed publishes by itself and stop() leaves nothing running', async () => {
    const s = await start({ feedIntervalMs: 5 });
    const c = await open(s);
    await c.call('public/subscribe', { channels: ['ticker.ETH-PERPETUAL.100ms'] });
    await c.next((m) => m.params?.channel === 'ticker.ETH-PERPETUAL.100ms');
    await s.stop();
    await expect(s.waitFor('gap', 10)).rejects.toThrow(/stopped/);
  });
});
