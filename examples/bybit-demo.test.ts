// The Bybit part of `npm start` (examples/bybit-demo.mjs) runs through and closes everything: trades and a ticker,
// a market order and its private update, a drop with auth before resubscribe, and a LocalBook top with bid < ask.
// `zen-websocket/bybit` resolves to the built package here (run `npm run build` first); the simulator to sources.
import { describe, expect, it } from 'vitest';

describe('bybit demo', () => {
  it('streams trades, fills an order, restores auth then topics after a drop, and prints a book top', async () => {
    const demo = new URL('./bybit-demo.mjs', import.meta.url).href; // untyped JavaScript: loaded by URL
    const { runBybitDemo } = (await import(demo)) as {
      runBybitDemo: (io: { say: (line: string) => void; fast?: boolean }) => Promise<void>;
    };
    const lines: string[] = [];
    await runBybitDemo({ say: (line) => lines.push(line), fast: true });
    const text = lines.join('\n');
    expect(lines.filter((l) => /^trade {3}BTCUSDT {2}(Buy|Sell) [\d.]+ @ [\d.]+$/.test(l))).toHaveLength(3);
    expect(text).toMatch(/ticker {2}BTCUSDT {2}last \d/);
    const [, id] = /order {3}(\S+) accepted by order\.create/.exec(text) ?? [];
    expect(id).toBeTruthy();
    expect(text).toContain(`private order topic says ${id} is Filled`);
    expect(text).toMatch(/private connection #\d+\); it sent, in order: auth → subscribe$/m);
    expect(text).toMatch(/order\.create frames the server received: 1 \(never replayed\)/);
    const [, bid, ask] = /book {4}BTCUSDT {2}bid ([\d.]+) x [\d.]+ {2}\| {2}ask ([\d.]+)/.exec(text) ?? [];
    expect(Number(bid)).toBeGreaterThan(0);
    expect(Number(bid)).toBeLessThan(Number(ask));
    expect(lines.at(-1)).toBe('Bybit session closed');
  }, 40_000); // the demo gives itself 30 s (its own guard); under load the import alone took up to 11 s
});
