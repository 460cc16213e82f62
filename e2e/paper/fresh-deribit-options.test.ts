// Found by the fresh-install review: a bad `paper.balances` or `paper.instruments` on a Deribit client was
// reported as "startDeribitSimulator: options.balances …", naming a function the user never called. The error
// must name the option the user wrote (`paper.balances`) and stay a TypeError.
import { createDeribitClient } from '@zen-websocket/deribit';
import { startDeribitSimulator } from '@zen-websocket/testing';
import { createDeribitPaperEngine } from '@zen-websocket/testing/paper';
import { expect, it } from 'vitest';
import { nodeSocketFactory as socketFactory } from 'zen-websocket';

it('createDeribitPaperEngine names paper.balances, not the simulator', () => {
  const bad = () => createDeribitPaperEngine({ balances: 5 as unknown as Record<string, number> });
  expect(bad).toThrow(TypeError);
  expect(bad).toThrow(/^paper\.balances /);
  expect(bad).not.toThrow(/startDeribitSimulator/);
  expect(() => createDeribitPaperEngine({ balances: { BTC: -1 } })).toThrow(/^paper\.balances /);
});

it('createDeribitClient({ paper: { balances: 5 } }) names paper.balances', async () => {
  const sim = await startDeribitSimulator({ feedIntervalMs: 0 });
  try {
    const paper = { balances: 5 as unknown as Record<string, number> };
    const made = createDeribitClient({ url: sim.url, socketFactory, paper });
    await expect(made).rejects.toThrow(TypeError);
    await expect(createDeribitClient({ url: sim.url, socketFactory, paper })).rejects.toThrow(/paper\.balances/);
    await expect(createDeribitClient({ url: sim.url, socketFactory, paper })).rejects.not.toThrow(
      /startDeribitSimulator/,
    );
  } finally {
    await sim.stop();
  }
});
