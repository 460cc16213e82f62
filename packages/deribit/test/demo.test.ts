// The `npm start` Deribit session (examples/deribit-demo.mjs) runs through and closes everything. Here the
// package names resolve to sources (vitest aliases); `node examples/deribit-demo.mjs` runs the built packages.
import { describe, expect, it } from 'vitest';

const demo = new URL('../../../examples/deribit-demo.mjs', import.meta.url).href;

describe('deribit demo', () => {
  it('shows signature auth, a ticker and a book, a buy and its notification, a drop, re-auth and resubscribe', async () => {
    const { runDeribitDemo } = (await import(demo)) as {
      runDeribitDemo(io: { say(line: string): void }): Promise<void>;
    };
    const lines: string[] = [];
    await runDeribitDemo({ say: (line) => lines.push(line) });
    const text = lines.join('\n');
    expect(text).toMatch(/authenticated with client_signature/);
    expect(text).toMatch(/ticker {2}BTC-PERPETUAL {2}bid \d/);
    expect(text).toMatch(/book {4}snapshot change_id \d+/);
    expect(text).toMatch(/buy {5}BTC-\d+: filled/);
    expect(text).toMatch(/notice {2}user.orders says BTC-\d+ is filled/);
    expect(text).toMatch(
      /the client sent, in order: public\/auth → public\/set_heartbeat → private\/enable_cancel_on_disconnect → private\/subscribe/,
    );
    expect(text).toMatch(/orders placed on the server: 1 \(never replayed\)/);
    expect(lines.at(-1)).toBe('Deribit session closed');
  }, 40_000); // the demo gives itself 30 s (its own guard); loaded runs took 12-15 s here, 2-4 s when quieter
});
