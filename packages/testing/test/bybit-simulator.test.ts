import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type BybitSimulator, bybitAuthSignature, startBybitSimulator } from '../src/index.js';

let sim: BybitSimulator | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await sim?.stop();
  sim = undefined;
});

type Msg = Record<string, unknown>;

/** A raw socket with a queue of decoded frames. */
async function open(path: string) {
  const ws = new WebSocket(`${sim?.url}${path}`);
  sockets.push(ws);
  const queue: Msg[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    queue.push(JSON.parse(String(d)) as Msg);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = async (match: (m: Msg) => boolean): Promise<Msg> => {
    for (;;) {
      const i = queue.findIndex(match);
      if (i >= 0) return queue.splice(i, 1)[0] as Msg;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { ws, send: (m: Msg) => ws.send(JSON.stringify(m)), next };
}

const authArgs = (secret = 'sim-secret', expires = Date.now() + 10_000) => [
  'sim-key',
  expires,
  bybitAuthSignature(secret, expires),
];

describe('Bybit simulator', () => {
  it('signs auth as hex HMAC-SHA256 of "GET/realtime" + expires (independent node:crypto check)', () => {
    const expected = createHmac('sha256', 'secret').update('GET/realtime1700000000000').digest('hex');
    expect(bybitAuthSignature('secret', 1_700_000_000_000)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers subscribe with req_id, sends a book snapshot then deltas whose u follow on', async () => {
    sim = await startBybitSimulator({ feedIntervalMs: 0 });
    const c = await open('/v5/public/linear');
    c.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'], req_id: 'r1' });
    const ack = await c.next((m) => m.op === 'subscribe');
    expect(ack).toMatchObject({ success: true, ret_msg: '', req_id: 'r1', op: 'subscribe' });
    expect(typeof ack.conn_id).toBe('string');
    const snap = await c.next((m) => m.topic === 'orderbook.50.BTCUSDT');
    expect(snap.type).toBe('snapshot');
    const first = snap.data as { u: number; b: string[][]; a: string[][] };
    expect(first.b.length).toBe(50);
    expect(Number(first.b[0]?.[0])).toBeLessThan(Number(first.a[0]?.[0]));
    let u = first.u;
    for (let i = 0; i < 5; i++) {
      sim.tick();
      const d = await c.next((m) => m.topic === 'orderbook.50.BTCUSDT');
      expect(d.type).toBe('delta');
      expect((d.data as { u: number }).u).toBe(u + 1);
      u += 1;
    }
  });

  it('restartBook sends a snapshot with u = 1; gap skips an update id', async () => {
    sim = await startBybitSimulator({ feedIntervalMs: 0 });
    const c = await open('/v5/public/linear');
    c.send({ op: 'subscribe', args: ['orderbook.1.BTCUSDT'] });
    await c.next((m) => m.topic === 'orderbook.1.BTCUSDT');
    sim.restartBook('BTCUSDT');
    const r = await c.next((m) => m.topic === 'orderbook.1.BTCUSDT');
    expect(r).toMatchObject({ type: 'snapshot', data: { u: 1 } });
    sim.gap('BTCUSDT');
    for (let i = 0; i < 50; i++) sim.tick(); // the best level changes in some of them
    const d = await c.next((m) => m.topic === 'orderbook.1.BTCUSDT');
    expect(d.type).toBe('delta');
    expect((d.data as { u: number }).u).toBe(3);
  });

  it('refuses more than 10 args on spot, unknown topics and symbols; pong to ping', async () => {
    sim = await startBybitSimulator({ feedIntervalMs: 0 });
    const c = await open('/v5/public/spot');
    const eleven = Array.from({ length: 11 }, (_, i) => `kline.${i + 1}.BTCUSDT`);
    c.send({ op: 'subscribe', args: eleven, req_id: 'big' });
    expect(await c.next((m) => m.req_id === 'big')).toMatchObject({ success: false, ret_msg: 'error:args size >10' });
    c.send({ op: 'subscribe', args: ['nope.BTCUSDT'], req_id: 'bad' });
    expect(await c.next((m) => m.req_id === 'bad')).toMatchObject({ success: false });
    c.send({ op: 'subscribe', args: ['tickers.XYZ'], req_id: 'sym' });
    expect((await c.next((m) => m.req_id === 'sym')).ret_msg).toBe('Invalid symbol :[tickers.XYZ]');
    c.send({ op: 'ping', req_id: 'p' });
    expect(await c.next((m) => m.op === 'ping')).toMatchObject({ success: true, ret_msg: 'pong', req_id: 'p' });
  });

  it('trades, tickers and klines come from the same market', async () => {
    sim = await startBybitSimulator({ feedIntervalMs: 0 });
    const c = await open('/v5/public/linear');
    c.send({ op: 'subscribe', args: ['publicTrade.ETHUSDT', 'tickers.ETHUSDT', 'kline.1.ETHUSDT'] });
    await c.next((m) => m.op === 'subscribe');
    sim.tick();
    const trade = await c.next((m) => m.topic === 'publicTrade.ETHUSDT');
    const ticker = await c.next((m) => m.topic === 'tickers.ETHUSDT');
    const kline = await c.next((m) => m.topic === 'kline.1.ETHUSDT');
    const price = (trade.data as Array<{ p: string }>)[0]?.p;
    expect((ticker.data as { lastPrice: string }).lastPrice).toBe(String(Number(price)));
    expect((kline.data as Array<{ close: string }>)[0]?.close).toBe(String(Number(price)));
  });

  it('private: refuses topics before auth and bad signatures, pushes order updates after a trade', async () => {
    sim = await startBybitSimulator({ feedIntervalMs: 0 });
    const p = await open('/v5/private');
    p.send({ op: 'subscribe', args: ['order'], req_id: 'early' });
    expect(await p.next((m) => m.req_id === 'early')).toMatchObject({
      success: false,
      ret_msg: 'Request not authorized',
    });
    p.send({ op: 'auth', args: authArgs('wrong'), req_id: 'a0' });
    expect(await p.next((m) => m.req_id === 'a0')).toMatchObject({ success: false, op: 'auth' });
    p.send({ op: 'auth', args: authArgs(), req_id: 'a1' });
    expect(await p.next((m) => m.req_id === 'a1')).toMatchObject({ success: true, op: 'auth' });
    p.send({ op: 'subscribe', args: ['order', 'execution'], req_id: 's' });
    expect(await p.next((m) => m.req_id === 's')).toMatchObject({ success: true });
    p.send({ op: 'ping' });
    expect(await p.next((m) => m.op === 'pong')).toMatchObject({ op: 'pong' });

    const t = await open('/v5/trade');
    t.send({ op: 'auth', args: authArgs(), reqId: 'ta' });
    expect(await t.next((m) => m.reqId === 'ta')).toMatchObject({ retCode: 0, retMsg: 'OK', op: 'auth' });
    const header = { 'X-BAPI-TIMESTAMP': String(Date.now()), 'X-BAPI-RECV-WINDOW': '5000' };
    const args = [
      { category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '1000' },
    ];
    t.send({ reqId: 'o1', header, op: 'order.create', args });
    const created = await t.next((m) => m.reqId === 'o1');
    expect(created).toMatchObject({ retCode: 0, op: 'order.create' });
    const orderId = (created.data as { orderId: string }).orderId;
    const update = await p.next((m) => m.topic === 'order');
    expect((update.data as Array<{ orderId: string; orderStatus: string }>)[0]).toMatchObject({
      orderId,
      orderStatus: 'New',
    });
    expect(sim.openOrders('sim-key').map((o) => o.orderId)).toEqual([orderId]);

    t.send({ reqId: 'old', header: { 'X-BAPI-TIMESTAMP': String(Date.now() - 60_000) }, op: 'order.create', args });
    expect(await t.next((m) => m.reqId === 'old')).toMatchObject({ retCode: 10002 });
    t.send({ reqId: 'c1', header, op: 'order.cancel', args: [{ category: 'linear', symbol: 'BTCUSDT', orderId }] });
    expect(await t.next((m) => m.reqId === 'c1')).toMatchObject({ retCode: 0 });
    t.send({ reqId: 'c2', header, op: 'order.cancel', args: [{ category: 'linear', symbol: 'BTCUSDT', orderId }] });
    expect(await t.next((m) => m.reqId === 'c2')).toMatchObject({ retCode: 110001 });
  });

  it('disconnect-cancel: open orders go once a dcp-subscribed private connection stays away for the window', async () => {
    sim = await startBybitSimulator({ feedIntervalMs: 0, dcpWindowMs: 50 });
    const p = await open('/v5/private');
    p.send({ op: 'auth', args: authArgs(), req_id: 'a' });
    await p.next((m) => m.req_id === 'a');
    p.send({ op: 'subscribe', args: ['dcp'], req_id: 's' });
    await p.next((m) => m.req_id === 's');
    const t = await open('/v5/trade');
    t.send({ op: 'auth', args: authArgs(), reqId: 'ta' });
    await t.next((m) => m.reqId === 'ta');
    const header = { 'X-BAPI-TIMESTAMP': String(Date.now()) };
    t.send({
      reqId: 'o',
      header,
      op: 'order.create',
      args: [{ symbol: 'BTCUSDT', side: 'Sell', orderType: 'Limit', qty: '1', price: '999999' }],
    });
    await t.next((m) => m.reqId === 'o');
    expect(sim.openOrders()).toHaveLength(1);
    p.ws.close();
    await expect.poll(() => sim?.openOrders().length, { timeout: 3000 }).toBe(0);
  });

  it('rejects unknown options with the nearest name', async () => {
    await expect(startBybitSimulator({ feedInterval: 5 } as never)).rejects.toThrow(/feedIntervalMs/);
  });
});
