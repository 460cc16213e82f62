// Issue 19: killing the bot PROCESS cancels its resting orders through the venue's own mechanism. A child
// process (the BUILT packages) starts a trading session, rests an order and is killed with SIGKILL — no
// close(), no goodbye. Deribit's cancel-on-disconnect cancels the order when the socket dies; Bybit's
// disconnect-cancel (DCP) cancels it when the private stream stays away for the configured window.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBybitSimulator, startDeribitSimulator } from '@zen-websocket/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../../packages/sdk/test/build.js';

const bot = fileURLToPath(new URL('./bot.mjs', import.meta.url));
const children: ChildProcess[] = [];
const stops: Array<() => Promise<void>> = [];

beforeAll(() => buildOnce(), 180_000);
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const stop of stops.splice(0)) await stop();
});

/** Starts the bot; resolves with its order's client order id once it printed `PLACED`. */
function startBot(args: string[]): Promise<{ child: ChildProcess; clientOrderId: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [bot, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d) => {
      output += String(d);
    });
    child.stdout?.on('data', (d) => {
      output += String(d);
      const m = /PLACED (\S+) open/.exec(output);
      if (m?.[1]) resolve({ child, clientOrderId: m[1], exited });
    });
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before placing: ${output}`)));
  });
}

describe('killing the bot process', () => {
  it('Deribit: cancel-on-disconnect cancels its resting order when the process dies', async () => {
    const sim = await startDeribitSimulator({ feedIntervalMs: 0 });
    stops.push(() => sim.stop());
    const { child, clientOrderId, exited } = await startBot([
      'deribit',
      sim.url,
      sim.credentials.clientId,
      sim.credentials.clientSecret,
    ]);
    const resting = () => sim.orders().find((o) => o.label === clientOrderId);
    expect(resting()?.order_state).toBe('open');
    expect(sim.requests('private/enable_cancel_on_disconnect')).toHaveLength(1);
    child.kill('SIGKILL');
    await exited;
    const closed = await sim.waitFor(
      (e) => e.type === 'close' && (e as { cancelled?: number }).cancelled === 1,
      10_000,
    );
    expect(closed).toMatchObject({ type: 'close', cancelled: 1 });
    expect(resting()).toMatchObject({ order_state: 'cancelled', cancel_reason: 'cancel_on_disconnect' });
  }, 60_000);

  it('Bybit: disconnect-cancel (DCP) cancels its resting order when the window ends without the bot', async () => {
    const sim = await startBybitSimulator({ feedIntervalMs: 0, dcpWindowMs: 300 });
    stops.push(() => sim.stop());
    const { child, clientOrderId, exited } = await startBot(['bybit', sim.url, 'sim-key', 'sim-secret', '300']);
    const order = () => sim.orders('sim-key').find((o) => o.orderLinkId === clientOrderId);
    expect(order()?.orderStatus).toBe('New');
    expect(sim.connections().some((c) => c.kind === 'private' && c.topics.includes('dcp'))).toBe(true);
    child.kill('SIGKILL');
    await exited;
    expect(await sim.dcpFired(10_000)).toEqual({ apiKey: 'sim-key', cancelled: 1 });
    expect(order()?.orderStatus).toBe('Cancelled');
  }, 60_000);
});
