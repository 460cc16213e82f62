// The order-book benchmark runs (quick size) and reports finite throughput and memory for LocalBook, ccxt's
// OrderBook (when tools/ccxt is installed) and the naive book, with LocalBook's ratios. No timing is asserted.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ccxt = existsSync(new URL('../tools/ccxt/node_modules/ccxt/js/src/base/ws/OrderBook.js', import.meta.url));
const built = existsSync(new URL('../packages/core/dist/book.js', import.meta.url));

describe.skipIf(!built)('bench/book.mjs --quick', () => {
  it('measures every implementation and cross-checks their books', { timeout: 120_000 }, async () => {
    const { bookBench } = (await import(new URL('./book.mjs', import.meta.url).href)) as {
      bookBench: (o: { quick: boolean; rounds?: number }) => string;
    };
    const report = bookBench({ quick: true, rounds: 1 });
    const rows = report.split('\n').filter((l) => /^\| (zen|ccxt|naive)/.test(l));
    expect(rows).toHaveLength(ccxt ? 3 : 2);
    for (const row of rows) {
      const [, , rate, heap] = row.split('|').map((c) => c.trim());
      expect(Number(rate?.replaceAll(',', ''))).toBeGreaterThan(0);
      expect(Number.parseFloat(heap ?? '')).toBeGreaterThan(0);
    }
    for (const row of rows.slice(1)) expect(row).toMatch(/\d+\.\d\d× faster, \d+\.\d\d× the memory/);
  });
});
