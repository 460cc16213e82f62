// Found by the fresh-install review: a trading session on a Deribit PAPER client reports its dead-man's switch
// as `armed`, then `fired` when the connection drops ("the venue cancelled"), yet the paper order is still open
// after the reconnect. On Binance and Bybit paper clients the keeper is `unsupported` (no order is at the venue,
// see docs/paper-trading.md). Whatever the fix (keeper `unsupported` on paper, or the engine cancelling paper
// orders on a drop as cancel-on-disconnect would), the keeper must not report `fired` while the order lives on.
import { createDeribitClient } from '@zen-websocket/deribit';
import { tradingSession } from '@zen-websocket/deribit/safety';
import { startDeribitSimulator } from '@zen-websocket/testing';
import { expect, it } from 'vitest';
import { nodeSocketFactory as socketFactory } from 'zen-websocket';

it('a Deribit paper session does not report the switch fired while its resting order survives the drop', async () => {
  const sim = await startDeribitSimulator({ feedIntervalMs: 20 });
  const client = await createDeribitClient({ url: sim.url, socketFactory, paper: true, retryDelay: 10 });
  const session = await tradingSession(client);
  try {
    const states: string[] = [session.keeper];
    session.on('keeper', ({ to }) => states.push(to));
    const placed = await session.place({
      symbol: 'BTC-PERPETUAL',
      side: 'buy',
      type: 'limit',
      amount: 10,
      price: 1000,
    });
    expect(placed.status).toBe('open');
    const ready = new Promise<void>((resolve) => session.on('ready', (e) => e.readyToTrade && resolve()));
    await sim.drop('abnormal');
    await ready;
    const open = await client.request<Array<{ label: string }>>('private/get_open_orders', {});
    const survived = open.some((o) => o.label === placed.clientOrderId);
    expect(sim.requests('private/enable_cancel_on_disconnect')).toHaveLength(0); // nothing armed at the venue
    expect({ keeper: states, survived }).not.toMatchObject({
      keeper: expect.arrayContaining(['fired']),
      survived: true,
    });
    if (survived) expect(states).not.toContain('armed');
    // the fix: on a paper client the switch is `unsupported` throughout, as on Binance and Bybit paper clients
    expect(client.paper).toBe(true);
    expect(states).toEqual(['unsupported']);
  } finally {
    session.close();
    await client.close();
    await sim.stop();
  }
});
