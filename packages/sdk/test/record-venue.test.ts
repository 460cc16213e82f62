// Venue clients take core options, where `recordTo` is a sink: `openRecordSink(name)` gives this runtime's sink
// for a name (a file on Node), so a Deribit session is recorded the same way `connect`'s string does it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeribitClient } from '@zen-websocket/deribit';
import { type DeribitSimulator, startDeribitSimulator } from '@zen-websocket/testing';
import { afterEach, expect, it } from 'vitest';
import { defaultSocketFactory, openRecordSink } from 'zen-websocket';

let sim: DeribitSimulator | undefined;
const dir = mkdtempSync(join(tmpdir(), 'zen-record-venue-'));
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  rmSync(dir, { recursive: true, force: true });
});

it('records a Deribit session to a file through openRecordSink, with the signature redacted', async () => {
  sim = await startDeribitSimulator({ feedIntervalMs: 0 });
  const file = join(dir, 'deribit.jsonl');
  const client = await createDeribitClient({
    url: sim.url,
    socketFactory: defaultSocketFactory,
    recordTo: openRecordSink(file),
    ...sim.credentials,
  });
  await client.request('public/get_time');
  await client.close();
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { dir: string; data: string });
  const sent = lines.filter((l) => l.dir === 'out').map((l) => l.data);
  expect(sent.some((d) => d.includes('public/auth'))).toBe(true);
  expect(sent.some((d) => d.includes('public/get_time'))).toBe(true);
  expect(sent.join('\n')).toContain('"signature":"[REDACTED]"');
  expect(lines.some((l) => l.dir === 'in')).toBe(true);
});
