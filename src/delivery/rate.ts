/**
 * BullMQ's limiter counts jobs per fixed window, shared by every worker through Redis. At `max: rate,
 * duration: 1000` a full window's worth can start at the end of one window and another at the start of
 * the next: twice the rate within one second, which Telegram punishes with 429. Small windows keep each
 * burst small, and a 1.5% margin absorbs network jitter, so that no sliding second exceeds the rate.
 */
export interface LimiterWindow {
  /** Jobs per window. */
  max: number;
  /** Window length in ms. */
  duration: number;
  /** Resulting messages per second. */
  effectiveRate: number;
}

/** Safety margin under the target rate. */
export const RATE_MARGIN = 0.985;

/** Smallest burst (jobs per window, window ≥ 10 ms) whose rate reaches 99% of `rate × margin`. */
export function limiterWindow(rate: number, margin = RATE_MARGIN): LimiterWindow {
  if (!(rate > 0)) throw new Error(`rate must be positive, got ${rate}`);
  const target = rate * margin;
  for (let max = 1; max <= 10_000; max++) {
    const duration = Math.ceil((max * 1000) / target);
    if (duration < 10) continue;
    const effectiveRate = (max * 1000) / duration;
    if (effectiveRate >= target * 0.99) return { max, duration, effectiveRate };
  }
  throw new Error(`no limiter window for rate ${rate}`);
}
