// The order-book part of `npm start` (examples/book-demo.mjs) runs through: both books sync, print a top of
// book with bid below ask, report an injected gap and resync. Package names resolve to sources here.
import { describe, expect, it } from 'vitest';

describe('book demo', () => {
  it('prints a live top-of-book for Binance and Deribit and repairs an injected gap on each', async () => {
    const demo = new URL('./book-demo.mjs', import.meta.url).href; // untyped JavaScript: loaded by URL
    const { runBookDemo } = (await import(demo)) as {
      runBookDemo: (io: { say: (line: string) => void; fast?: boolean }) => Promise<void>;
    };
    const lines: string[] = [];
    await runBookDemo({ say: (line) => lines.push(line), fast: true });
    for (const venue of ['binance', 'deribit']) {
      const tops = lines.filter((l) => l.trim().startsWith(`${venue}  bid`));
      expect(tops.length).toBeGreaterThanOrEqual(3);
      for (const top of tops) {
        const [, bid, ask] = /bid ([\d.]+) x [\d.]+ {2}\| {2}ask ([\d.]+)/.exec(top) ?? [];
        expect(Number(bid)).toBeLessThan(Number(ask));
      }
      expect(lines.some((l) => l.includes(`${venue}  gap reported (sequence`))).toBe(true);
      expect(lines.some((l) => l.includes(`${venue}  resynced at id`))).toBe(true);
    }
  });
});
