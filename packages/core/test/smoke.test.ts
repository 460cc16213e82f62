import { expect, it } from 'vitest';
import { connected } from './helpers.js';

it('connects, correlates a request, and closes clean', async () => {
  const { client, sockets, clock } = await connected();
  const reply = client.request('public/test');
  const sent = sockets.last.sentJson[0] as { id: number };
  sockets.last.receive({ jsonrpc: '2.0', id: sent.id, result: { version: '1' } });
  await expect(reply).resolves.toEqual({ version: '1' });
  await client.close();
  expect(client.getState()).toBe('closed');
  expect(clock.pending).toBe(0);
});
