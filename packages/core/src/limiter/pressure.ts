/** How close a limiter is to holding messages back. */
export type PressureLevel = 'low' | 'medium' | 'high' | 'critical';

/**
 * The pressure level from the share of the budget in use (`usage`, 0–1: the larger of the bucket's spent share
 * and the window's used share) and the queue:
 *
 * | level | when |
 * |---|---|
 * | `low` | under 50 % of the budget used, nothing waiting |
 * | `medium` | 50–90 % used, nothing waiting |
 * | `high` | 90 % or more used, or messages waiting |
 * | `critical` | the queue is 75 % full or more: the next bursts will overflow |
 *
 * @example
 * pressureLevel(0.95, 0, 100) // 'high'
 * pressureLevel(1, 80, 100)   // 'critical'
 */
export function pressureLevel(usage: number, queued: number, maxQueue: number): PressureLevel {
  if (queued > 0) return maxQueue > 0 && queued / maxQueue >= 0.75 ? 'critical' : 'high';
  if (usage >= 0.9) return 'high';
  return usage >= 0.5 ? 'medium' : 'low';
}
