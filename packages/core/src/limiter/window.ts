/**
 * A strict rolling window: the costs sent in any span of `span` ms (ends included) never add up to more than
 * `limit`. Unlike a fixed window or a bucket there is no burst at a window edge: every instant looks back over
 * the whole span.
 */
export interface RollingWindow {
  readonly limit: number;
  /** Cost sent within the span ending at `now`. */
  used(now: number): number;
  add(cost: number, now: number): void;
  /**
   * Milliseconds from `now` until `cost` more fits (0 when it does), assuming nothing else is sent: what the
   * window frees as its entries age, plus one whole span for each further `limit` of demand (a suggestion for a
   * queue's worth; a single message never costs more than `limit`).
   */
  waitFor(cost: number, now: number): number;
}

/** A {@link RollingWindow}: send times and costs, oldest first. */
export function rollingWindow(limit: number, span: number): RollingWindow {
  const sent: Array<[time: number, cost: number]> = [];
  let total = 0;
  const used = (now: number): number => {
    for (let first = sent[0]; first && now - first[0] > span; first = sent[0]) {
      total -= first[1];
      sent.shift();
    }
    if (!sent.length) total = 0; // no float residue once empty
    return total;
  };
  return {
    limit,
    used,
    add(cost, now) {
      if (cost <= 0) return;
      sent.push([now, cost]);
      total += cost;
    },
    waitFor(cost, now) {
      const extraSpans = Math.max(0, Math.ceil(cost / limit) - 1);
      const later = extraSpans * (span + 1);
      let excess = used(now) + cost - extraSpans * limit - limit;
      // an entry leaves the window strictly after `span` ms, hence the extra millisecond
      if (excess > 0)
        for (const [time, c] of sent) {
          excess -= c;
          if (excess <= 0) return Math.max(1, Math.floor(time + span - now) + 1) + later;
        }
      return later;
    },
  };
}
