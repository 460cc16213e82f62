/**
 * Book checksums: CRC-32 (IEEE, as zlib computes it) over the top levels in a venue's published layout. A venue
 * that sends a checksum with its updates plugs one of these into the book and gets verification for free.
 */

/** What a checksum sees: the best `n` levels of a side as the venue's texts, best first. */
export interface ChecksumView {
  levels(side: 'bids' | 'asks', n: number): Array<[price: string, size: string]>;
}

/** Computes a book's checksum in a venue's format; compared with the value a diff carries. */
export type BookChecksum = (book: ChecksumView) => number;

let table: Int32Array | undefined;

/**
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) of a string's UTF-8 bytes, unsigned.
 *
 * @example
 * crc32('123456789'); // 0xcbf43926
 */
export function crc32(text: string): number {
  table ??= makeTable();
  const bytes = new TextEncoder().encode(text);
  let crc = -1;
  for (const byte of bytes) crc = (crc >>> 8) ^ (table[(crc ^ byte) & 0xff] as number);
  return (crc ^ -1) >>> 0;
}

function makeTable(): Int32Array {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
}

/**
 * OKX's layout: the best `depth` (default 25) bids and asks alternating, `bidPx:bidSz:askPx:askSz:…` (a side
 * that runs out is skipped), CRC-32 as a signed 32-bit integer.
 *
 * @example
 * const check = okxChecksum();
 * // bids [['3366.1','7'],['3366','6']], asks [['3366.8','9'],['3368','8']] → -1881014294
 */
export function okxChecksum(depth = 25): BookChecksum {
  return (book) => {
    const bids = book.levels('bids', depth);
    const asks = book.levels('asks', depth);
    const parts: string[] = [];
    for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
      const bid = bids[i];
      const ask = asks[i];
      if (bid) parts.push(bid[0], bid[1]);
      if (ask) parts.push(ask[0], ask[1]);
    }
    return crc32(parts.join(':')) | 0;
  };
}

/**
 * Kraken's layout: the best `depth` (default 10) asks, then bids, each price and size with the `.` removed and
 * leading zeros stripped, concatenated; CRC-32 unsigned. Levels must be the venue's texts (full precision).
 *
 * @example
 * const check = krakenChecksum(); // the example in Kraken's book-checksum guide gives 974947235
 */
export function krakenChecksum(depth = 10): BookChecksum {
  const strip = (text: string) => text.replace('.', '').replace(/^0+/, '');
  return (book) => {
    let text = '';
    for (const side of ['asks', 'bids'] as const) {
      for (const [price, size] of book.levels(side, depth)) text += strip(price) + strip(size);
    }
    return crc32(text);
  };
}
