import { generateKeyPairSync } from 'node:crypto';
import {
  type BinanceApi,
  type BinanceApiOptions,
  BinanceError,
  ClockSkewError,
  createBinanceApi,
  type UserDataEvent,
} from '@zen-websocket/binance';
import {
  type BinanceSimulator,
  type BinanceSimulatorOptions,
  startBinanceSimulator,
  wsSocketFactory,
} from '@zen-websocket/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { browserLikeFactory, next } from './helpers.js';

// The example key pair of Binance's docs: the simulator's default account.
const apiKey = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const secretKey = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

let sim: BinanceSimulator | undefined;
let api: BinanceApi | undefined;

afterEach(async () => {
  await api?.close();
  await sim?.stop();
  api = undefined;
  sim = undefined;
});

async function setup(
  simOptions: BinanceSimulatorOptions = {},
  options: BinanceApiOptions = {},
): Promise<{ sim: BinanceSimulator; api: BinanceApi }> {
  sim = await startBinanceSimulator({ feedInterval: 0, pingInterval: 0, ...simOptions });
  api = await createBinanceApi({
    url: sim.apiUrl,
    socketFactory: wsSocketFactory,
    apiKey,
    ...(options.privateKey === undefined ? { secretKey } : {}),
    connect: { retryDelay: 20, maxBackoff: 200 },
    ...options,
  });
  return { sim, api };
}

const sent = (sim: BinanceSimulator, method: string): Array<{ id: unknown; params?: Record<string, unknown> }> =>
  sim.received.map((t) => JSON.parse(t)).filter((m) => m.method === method);

describe('requests', () => {
  it('correlates requests by id and returns status, result and rateLimits', async () => {
    const { sim, api } = await setup();
    const [ping, time, info] = await Promise.all([
      api.request('ping'),
      api.request('time'),
      api.request('exchangeInfo'),
    ]);
    expect(ping).toMatchObject({ status: 200, result: {} });
    expect(ping.rateLimits).toEqual([
      expect.objectContaining({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }),
    ]);
    expect((time.result as { serverTime: number }).serverTime).toBeGreaterThan(1_600_000_000_000);
    expect(info.result).toMatchObject({ symbols: expect.arrayContaining([{ symbol: 'BTCUSDT', status: 'TRADING' }]) });
    expect(await api.ping()).toEqual({});
    expect(await api.time()).toEqual({ serverTime: expect.any(Number) });
    const ids = sim.received.map((t) => JSON.parse(t).id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps Binance code, msg, status and rateLimits on errors', async () => {
    const { api } = await setup();
    const error = await api
      .orderPlace({ symbol: 'NOPEUSDT', side: 'BUY', type: 'MARKET', quantity: '1' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(BinanceError);
    expect(error).toMatchObject({ rpcCode: -1121, rpcMessage: 'Invalid symbol.', status: 400, code: 'rpc_error' });
    expect(error.msg).toBe('Invalid symbol.');
    expect(error.rateLimits).toEqual(expect.arrayContaining([expect.objectContaining({ rateLimitType: 'ORDERS' })]));
    expect(error.message).toBe('order.place failed: Invalid symbol. (code -1121)');
  });

  it('omits rateLimits when the URL says returnRateLimits=false', async () => {
    const { api } = await setup({}, {});
    const quiet = await createBinanceApi({
      url: `${sim?.apiUrl}?returnRateLimits=false`,
      socketFactory: wsSocketFactory,
    });
    expect((await quiet.request('ping')).rateLimits).toBeUndefined();
    expect((await api.request('ping')).rateLimits).toBeDefined();
    await quiet.close();
  });
});

describe('signed requests', () => {
  it('places an HMAC-signed order and gets it back FULL, with the user-data events', async () => {
    const { sim, api } = await setup();
    const events: UserDataEvent[] = [];
    let reported: () => void = () => {};
    const reports = new Promise<void>((resolve) => {
      reported = resolve;
    });
    const subscriptionId = await api.userDataStreamSubscribe((event) => {
      events.push(event);
      if (events.filter((e) => e.e === 'executionReport').length === 2) reported();
    });
    expect(subscriptionId).toBe(0);
    const order = await api.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01000000' });
    expect(order).toMatchObject({ symbol: 'BTCUSDT', status: 'FILLED', side: 'BUY', executedQty: '0.01000000' });
    expect(order.fills).toHaveLength(1);
    await reports;
    expect(events.filter((e) => e.e === 'executionReport').map((e) => e.x)).toEqual(['NEW', 'TRADE']);
    const [request] = sent(sim, 'order.place');
    expect(Object.keys(request?.params ?? {}).sort()).toEqual([
      'apiKey',
      'quantity',
      'side',
      'signature',
      'symbol',
      'timestamp',
      'type',
    ]);
    expect(request?.params?.signature).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('clock skew', () => {
  it('measures the offset with time on connect and corrects every timestamp', async () => {
    const { sim, api } = await setup({ clockSkew: 10_000 });
    expect(Math.abs(api.clockOffset - 10_000)).toBeLessThan(250);
    const account = await api.accountStatus();
    expect(account.canTrade).toBe(true);
    const [request] = sent(sim, 'account.status');
    expect(Math.abs(Number(request?.params?.timestamp) - (Date.now() + 10_000))).toBeLessThan(1000);
  });

  it('surfaces -1021 as a ClockSkewError with the measured skew, and the next request passes', async () => {
    const { sim, api } = await setup({}, { syncTime: false, recvWindow: 3000 });
    expect(api.clockOffset).toBe(0);
    sim.setClockSkew(-20_000); // the server's clock is 20 s behind: our timestamps look far in its future
    const error = await api.openOrdersStatus({ symbol: 'BTCUSDT' }).catch((e) => e);
    expect(error).toBeInstanceOf(ClockSkewError);
    expect(error).toMatchObject({
      rpcCode: -1021,
      rpcMessage: "Timestamp for this request was 1000ms ahead of the server's time.",
      status: 400,
    });
    expect(Math.abs(error.skewMs + 20_000)).toBeLessThan(250);
    expect(error.message).toMatch(/\(clock skew -(19|20)\d{3} ms\)$/);
    expect(api.clockOffset).toBe(error.skewMs);
    expect(await api.openOrdersStatus({ symbol: 'BTCUSDT' })).toEqual([]);
    expect(sent(sim, 'openOrders.status')[0]?.params?.recvWindow).toBe(3000);
  });

  it('reports the other -1021 (outside recvWindow) the same way', async () => {
    const { sim, api } = await setup({}, { syncTime: false });
    sim.setClockSkew(30_000);
    const error = await api.accountStatus().catch((e) => e);
    expect(error).toMatchObject({
      name: 'ClockSkewError',
      rpcMessage: 'Timestamp for this request is outside of the recvWindow.',
    });
    expect(Math.abs(error.skewMs - 30_000)).toBeLessThan(250);
    await expect(api.accountStatus()).resolves.toMatchObject({ canTrade: true });
  });
});

describe('order helpers', () => {
  it('places, queries, lists and cancels orders', async () => {
    const { api } = await setup();
    const resting = await api.orderPlace({
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '100.00',
      quantity: '1.00000000',
      newClientOrderId: 'mine-1',
      newOrderRespType: 'RESULT',
    });
    expect(resting).toMatchObject({ status: 'NEW', clientOrderId: 'mine-1', price: '100.00000000' });
    expect(resting.fills).toBeUndefined();
    const second = await api.orderPlace({
      symbol: 'ETHUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '99999.00',
      quantity: '1',
      newOrderRespType: 'ACK',
    });
    expect(Object.keys(second).sort()).toEqual(['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime']);
    expect(await api.orderStatus({ symbol: 'ETHUSDT', orderId: resting.orderId })).toMatchObject({
      status: 'NEW',
      isWorking: true,
    });
    expect((await api.openOrdersStatus({ symbol: 'ETHUSDT' })).map((o) => o.orderId)).toEqual([
      resting.orderId,
      second.orderId,
    ]);
    expect(await api.orderCancel({ symbol: 'ETHUSDT', origClientOrderId: 'mine-1' })).toMatchObject({
      status: 'CANCELED',
    });
    expect(await api.openOrdersCancelAll({ symbol: 'ETHUSDT' })).toEqual([
      expect.objectContaining({ orderId: second.orderId, status: 'CANCELED' }),
    ]);
    await expect(api.openOrdersCancelAll({ symbol: 'ETHUSDT' })).rejects.toMatchObject({ rpcCode: -2011 });
    await expect(api.orderStatus({ symbol: 'ETHUSDT', orderId: 999 })).rejects.toMatchObject({
      rpcCode: -2013,
      rpcMessage: 'Order does not exist.',
    });
    const account = await api.accountStatus();
    expect(account.balances).toEqual(
      expect.arrayContaining([{ asset: 'USDT', free: '1000000.00000000', locked: '0.00000000' }]),
    );
  });

  it('rejects a wrong signature with -1022 and never echoes the secret', async () => {
    const wrong = 'not-the-secret-0123456789';
    const { api } = await setup({}, { secretKey: wrong });
    const error = await api.accountStatus().catch((e) => e);
    expect(error).toMatchObject({ rpcCode: -1022, rpcMessage: 'Signature for this request is not valid.' });
    expect(`${error.message} ${JSON.stringify(error)} ${String(error.stack)}`).not.toContain(wrong);
    const missing = await createBinanceApi({ url: sim?.apiUrl as string, socketFactory: wsSocketFactory, apiKey });
    await expect(missing.accountStatus()).rejects.toThrow(
      /account.status is signed: pass apiKey and secretKey or privateKey/,
    );
    await missing.close();
  });
});

describe('Ed25519', () => {
  const keys = generateKeyPairSync('ed25519');
  const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const edAccount = { apiKey: 'ed-key-1', publicKey: publicPem };

  it('signs with Ed25519 (base64) without a session', async () => {
    const { sim, api } = await setup({ accounts: [edAccount] }, { apiKey: 'ed-key-1', privateKey: privatePem });
    expect(await api.accountStatus()).toMatchObject({ canTrade: true });
    expect(sent(sim, 'account.status')[0]?.params?.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
  });

  it('logs on with session.logon, then sends signed requests with only a timestamp, and logs on again after a reconnect', async () => {
    const options: BinanceApiOptions = { apiKey: 'ed-key-1', privateKey: privatePem, logon: true };
    const { sim, api } = await setup({ accounts: [edAccount] }, options);
    expect(sent(sim, 'session.logon')).toHaveLength(1);
    const order = await api.orderPlace({ symbol: 'BNBUSDT', side: 'SELL', type: 'MARKET', quantity: '1' });
    expect(order.status).toBe('FILLED');
    const [request] = sent(sim, 'order.place');
    expect(Object.keys(request?.params ?? {}).sort()).toEqual(['quantity', 'side', 'symbol', 'timestamp', 'type']);
    const events: UserDataEvent[] = [];
    await api.userDataStreamSubscribe((e) => events.push(e));
    expect(sent(sim, 'userDataStream.subscribe')).toHaveLength(1);
    const ready = next((found) => api.client.on('ready', found));
    await sim.drop(1001);
    await ready;
    expect(sent(sim, 'session.logon')).toHaveLength(2);
    expect(sent(sim, 'userDataStream.subscribe')).toHaveLength(2);
    await expect(api.request('session.status')).resolves.toMatchObject({ result: { apiKey: 'ed-key-1' } });
  });

  it('refuses session.logon for an HMAC key', async () => {
    const { api } = await setup();
    await expect(api.sessionLogon()).rejects.toMatchObject({ rpcCode: -4056 });
  });
});

describe('user data stream', () => {
  it('is restored after a reconnect and keeps delivering events', async () => {
    const { sim, api } = await setup();
    const events: UserDataEvent[] = [];
    let traded: () => void = () => {};
    const trade = new Promise<void>((resolve) => {
      traded = resolve;
    });
    await api.userDataStreamSubscribe((e) => {
      events.push(e);
      if (e.e === 'executionReport' && e.x === 'TRADE') traded();
    });
    const ready = next((found) => api.client.on('ready', found));
    await sim.drop('abnormal');
    await ready;
    expect(sent(sim, 'userDataStream.subscribe.signature')).toHaveLength(2);
    await api.orderPlace({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.5' });
    await trade;
    expect(events.some((e) => e.e === 'outboundAccountPosition')).toBe(true);
  });

  it('unsubscribes and gets eventStreamTerminated', async () => {
    const { api } = await setup();
    const events: UserDataEvent[] = [];
    const id = await api.userDataStreamSubscribe((e) => events.push(e));
    await api.userDataStreamUnsubscribe(id);
    await expect(api.request('session.subscriptions')).resolves.toMatchObject({ result: [] });
    await expect(api.userDataStreamUnsubscribe(id)).rejects.toMatchObject({ rpcCode: -2036 });
  });

  it('fills a resting order when the market walks through it', async () => {
    const { sim, api } = await setup();
    let filled: (e: UserDataEvent) => void = () => {};
    const fill = new Promise<UserDataEvent>((resolve) => {
      filled = resolve;
    });
    let target = -1;
    await api.userDataStreamSubscribe(
      (e) => e.e === 'executionReport' && e.X === 'FILLED' && e.i === target && filled(e),
    );
    const market = await api.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    const ask = Number(market.fills?.[0]?.price);
    const price = (ask - 0.02).toFixed(2); // one tick under the bid: does not cross now
    const resting = await api.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price,
      quantity: '0.001',
    });
    expect(resting.status).toBe('NEW');
    target = resting.orderId;
    for (
      let i = 0;
      i < 1000 && (await api.orderStatus({ symbol: 'BTCUSDT', orderId: resting.orderId })).status === 'NEW';
      i++
    ) {
      sim.tick(); // the seeded random walk soon brings the ask down to the order
    }
    expect(await fill).toMatchObject({ X: 'FILLED', i: resting.orderId, L: `${price}000000` });
  });
});

describe('rate limits', () => {
  it('answers 429 with retryAfter, then bans with 418 on a repeat', async () => {
    const { api } = await setup({ weightLimit: 25 });
    await api.accountStatus(); // weight 20 (+2 for connecting)
    const limited = await api.accountStatus().catch((e) => e);
    expect(limited).toMatchObject({ status: 429, rpcCode: -1003 });
    expect(limited.retryAfter).toBeGreaterThan(Date.now() - 1000);
    const banned = await api.ping().catch((e) => e);
    expect(banned).toMatchObject({ status: 418, rpcCode: -1003 });
    expect(banned.rpcMessage).toMatch(/IP banned until \d+/);
  });

  it('honours the ban hook', async () => {
    const { sim, api } = await setup();
    sim.ban(418, 60_000);
    await expect(api.ping()).rejects.toMatchObject({ status: 418 });
    sim.ban(null);
    await expect(api.ping()).resolves.toEqual({});
  });
});

describe('liveness', () => {
  it('keeps a quiet API connection alive with ping requests where ping frames are invisible (browsers)', async () => {
    const { sim, api } = await setup(
      {},
      { socketFactory: browserLikeFactory, heartbeat: { interval: 250, timeout: 250 } },
    );
    await expect.poll(() => sent(sim, 'ping').length, { timeout: 5000, interval: 25 }).toBeGreaterThanOrEqual(4);
    expect(sim.connectionCount).toBe(1);
    expect(sent(sim, 'ping').every((m) => m.id === null)).toBe(true);
    expect(api.client.getState()).toBe('connected');
  });

  it('replaces a dead (stalled) API connection and measures the clock again', async () => {
    const { sim, api } = await setup({}, { heartbeat: { interval: 150, timeout: 150 } });
    const ready = next((found) => api.client.on('ready', found));
    sim.stall();
    expect(await ready).toEqual({ connections: 2 });
    expect(sent(sim, 'time')).toHaveLength(2);
    await expect(api.ping()).resolves.toEqual({});
  });
});
