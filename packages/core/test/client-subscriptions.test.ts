import { describe, expect, it } from 'vitest';
import { jsonRpc, RpcError, telemetry } from '../src/index.js';
import { connected } from './helpers.js';

type Sent = { id: number; method: string; params: { channels: string[] } };

describe('subscribe() / unsubscribe()', () => {
  it('sends public/subscribe and resolves when the server confirms', async () => {
    const { client, sockets } = await connected();
    const done = client.subscribe(['ticker.BTC-PERPETUAL.100ms', 'trades.BTC-PERPETUAL.raw']);
    const sent = sockets.last.sentJson[0] as Sent;
    expect(sent).toMatchObject({
      jsonrpc: '2.0',
      method: 'public/subscribe',
      params: { channels: ['ticker.BTC-PERPETUAL.100ms', 'trades.BTC-PERPETUAL.raw'] },
    });
    expect(client.getSubscriptions().map((s) => s.status)).toEqual(['pending', 'pending']);
    sockets.last.receive({ jsonrpc: '2.0', id: sent.id, result: sent.params.channels });
    await expect(done).resolves.toEqual(sent.params.channels);
    expect(client.getSubscriptions().map((s) => s.status)).toEqual(['active', 'active']);
  });

  it('an error reply rejects and removes the channels from the desired set', async () => {
    const { client, sockets } = await connected();
    const done = client.subscribe('bogus.channel');
    const sent = sockets.last.sentJson[0] as Sent;
    sockets.last.receive({ jsonrpc: '2.0', id: sent.id, error: { code: 11050, message: 'bad_request' } });
    await expect(done).rejects.toBeInstanceOf(RpcError);
    expect(client.getSubscriptions()).toEqual([]);
  });

  it('channels missing from the confirmation are refused', async () => {
    const { client, sockets } = await connected();
    const done = client.subscribe(['a', 'b']);
    const sent = sockets.last.sentJson[0] as Sent;
    sockets.last.receive({ jsonrpc: '2.0', id: sent.id, result: ['a'] });
    await expect(done).rejects.toMatchObject({ code: 'rpc_error' });
    expect(client.getSubscriptions()).toEqual([{ channel: 'a', status: 'active' }]);
  });

  it('restores every desired channel after a reconnect, and a subscribe interrupted by the drop completes then', async () => {
    const restores: number[] = [];
    const off = telemetry.on('subscription_manager.restore', (e) => restores.push(e.channelCount));
    try {
      const { client, sockets, clock } = await connected();
      const first = client.subscribe(['a', 'b']);
      const s1 = sockets.last.sentJson[0] as Sent;
      sockets.last.receive({ id: s1.id, result: ['a', 'b'] });
      await first;
      const interrupted = client.subscribe('c');
      sockets.last.serverClose(1006);
      await clock.advance(0);
      expect(client.getSubscriptions().map((s) => s.status)).toEqual(['pending', 'pending', 'pending']);
      sockets.last.open();
      const restore = sockets.last.sentJson[0] as Sent;
      expect(restore.params.channels).toEqual(['a', 'b', 'c']);
      sockets.last.receive({ id: restore.id, result: ['a', 'b', 'c'] });
      await expect(interrupted).resolves.toEqual(['c']);
      expect(client.getSubscriptions().every((s) => s.status === 'active')).toBe(true);
      expect(restores).toEqual([3]);
    } finally {
      off();
    }
  });

  it('restores in batches of the protocol restoreBatchSize', async () => {
    const { client, sockets, clock } = await connected({ protocol: jsonRpc({ restoreBatchSize: 2 }) });
    void client.subscribe(['a', 'b', 'c', 'd', 'e']).catch(() => undefined);
    sockets.last.serverClose(1006);
    await clock.advance(0);
    sockets.last.open();
    expect((sockets.last.sentJson as Sent[]).map((m) => m.params.channels)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('a channel refused during restore is dropped and reported on error', async () => {
    const { client, sockets, clock } = await connected();
    const done = client.subscribe(['a']);
    sockets.last.receive({ id: (sockets.last.sentJson[0] as Sent).id, result: ['a'] });
    await done;
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.code));
    sockets.last.serverClose(1006);
    await clock.advance(0);
    sockets.last.open();
    sockets.last.receive({ id: (sockets.last.sentJson[0] as Sent).id, error: { code: 13010, message: 'value_error' } });
    await clock.flush();
    expect(errors).toEqual(['rpc_error']);
    expect(client.getSubscriptions()).toEqual([]);
  });

  it('restoreSubscriptions: false sends nothing after a reconnect and rejects what was waiting', async () => {
    const { client, sockets, clock } = await connected({ restoreSubscriptions: false });
    const waiting = client.subscribe('a');
    sockets.last.serverClose(1006);
    await expect(waiting).rejects.toMatchObject({ code: 'disconnected' });
    await clock.advance(0);
    sockets.last.open();
    expect(sockets.last.sent).toEqual([]);
    expect(client.getSubscriptions()).toEqual([]);
  });

  it('unsubscribe removes from the desired set and tells the server', async () => {
    const { client, sockets, clock } = await connected();
    const done = client.subscribe(['a', 'b']);
    sockets.last.receive({ id: (sockets.last.sentJson[0] as Sent).id, result: ['a', 'b'] });
    await done;
    const un = client.unsubscribe('a');
    const sent = sockets.last.sentJson[1] as Sent;
    expect(sent).toMatchObject({ method: 'public/unsubscribe', params: { channels: ['a'] } });
    sockets.last.receive({ id: sent.id, result: ['a'] });
    await un;
    sockets.last.serverClose(1006);
    await clock.advance(0);
    sockets.last.open();
    expect((sockets.last.sentJson[0] as Sent).params.channels).toEqual(['b']);
  });

  it('the subscribe promise settles on its deadline; the channel stays desired', async () => {
    const { client, clock } = await connected();
    const done = expect(client.subscribe('a', { timeout: 100 })).rejects.toMatchObject({ code: 'request_timeout' });
    await clock.advance(100);
    await done;
    expect(client.getSubscriptions()).toEqual([{ channel: 'a', status: 'pending' }]);
  });

  it('tracks subscribe/unsubscribe messages sent by hand (id-less apply at once; with id on the reply)', async () => {
    const { client, sockets } = await connected();
    await client.sendMessage({ method: 'public/subscribe', params: { channels: ['x'] } });
    expect(client.getSubscriptions()).toEqual([{ channel: 'x', status: 'active' }]);
    const reply = client.sendMessage({
      jsonrpc: '2.0',
      id: 'u1',
      method: 'public/unsubscribe',
      params: { channels: ['x'] },
    });
    expect(client.getSubscriptions()).toHaveLength(1);
    sockets.last.receive({ jsonrpc: '2.0', id: 'u1', result: ['x'] });
    await reply;
    expect(client.getSubscriptions()).toEqual([]);
    sockets.last.receive({ jsonrpc: '2.0', method: 'subscription', params: { channel: 'x', data: 1 } });
    expect(client.getSubscriptions()).toEqual([]); // ticks never add channels
  });

  it('a restore batch the server never answers is reported on error, and the channels stay desired', async () => {
    const { client, sockets, clock } = await connected({ requestTimeout: 1000 });
    const first = client.subscribe('a');
    sockets.last.receive({ id: (sockets.last.sentJson[0] as Sent).id, result: ['a'] });
    await first;
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.code));
    sockets.last.serverClose(1006);
    await clock.advance(0);
    sockets.last.open();
    await clock.advance(1000);
    expect(errors).toEqual(['request_timeout']);
    expect(client.getSubscriptions()).toEqual([{ channel: 'a', status: 'pending' }]);
  });

  it('subscribe() while disconnected keeps the channels for reconnect() and rejects only its own call', async () => {
    const { client, sockets, clock } = await connected({ retryCount: 0 });
    const earlier = expect(client.subscribe('a')).rejects.toMatchObject({ code: 'connection_closed' }); // gave up
    sockets.last.serverClose(1002);
    await clock.flush();
    await earlier;
    await expect(client.subscribe('b')).rejects.toMatchObject({ code: 'not_connected', state: 'disconnected' });
    const again = client.reconnect();
    sockets.last.open();
    await again;
    expect((sockets.last.sentJson[0] as Sent).params.channels).toEqual(['a', 'b']);
  });

  it('rejects bad channel lists with a TypeError', async () => {
    const { client } = await connected();
    await expect(client.subscribe([])).rejects.toBeInstanceOf(TypeError);
    await expect(client.subscribe([''])).rejects.toBeInstanceOf(TypeError);
    await expect(client.subscribe(42 as never)).rejects.toBeInstanceOf(TypeError);
  });
});
