// Processes that start together all open the same KV bucket, and one of them creates it: JetStream refuses the
// others' concurrent create ("subjects overlap with an existing stream"), which must not reach the user.
import { describe, expect, it } from 'vitest';
import { openBucket } from '../src/shared.js';
import { natsConnection, natsServer } from './helpers.js';

describe('openBucket', () => {
  it('many connections opening a bucket that does not exist yet all get it, one bucket', async () => {
    const server = await natsServer();
    const connections = await Promise.all(Array.from({ length: 24 }, () => natsConnection(server)));
    for (const round of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const name = `race_${round}`;
      const buckets = await Promise.all(connections.map((nats) => openBucket(nats, name)));
      await buckets[0]?.put('k', String(round));
      for (const kv of buckets) expect((await kv.get('k'))?.string()).toBe(String(round));
    }
  });
});
