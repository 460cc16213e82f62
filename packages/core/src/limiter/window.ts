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

/** A {@link RollingWindow}: send times and costs, oldest first, flat (`[time, cost, time, cost, …]`). */
export function rollingWindow(limit: number, span: number): RollingWindow {
  const sent: number[] = [];
  /** Where the entries still in the window start; the ones before it are cut off in bulk. */
  let head = 0;
  let total = 0;
  const used = (now: number): number => {
    for (; head < sent.length && now - (sent[head] as number) > span; head += 2) total -= sent[head + 1] as number;
    if (head > 128 || head === sent.length) {
      if (head === sent.length) total = 0; // no float residue once empty
      if (head === sent.length || head * 2 > sent.length) {
        sent.splice(0, head); // in bulk, once at least half the array has left
        head = 0;
      }
    }
    return total;
  };
  return {
    limit,
    used,
    add(cost, now) {
      if (cost <= 0) return;
      sent.push(now, cost);
      total += cost;
    },
    waitFor(cost, now) {
      const extraSpans = Math.max(0, Math.ceil(cost / limit) - 1);
      const later = extraSpans * (span + 1);
      let excess = used(now) + cost - extraSpans * limit - limit;
      // an entry leaves the window strictly after `span` ms, hence the extra millisecond
      for (let i = head; excess > 0 && i < sent.length; i += 2) {
        excess -= sent[i + 1] as number;
        if (excess <= 0) return Math.max(1, Math.floor((sent[i] as number) + span - now) + 1) + later;
      }
      return later;
    },
  };
}
