/**
 * The largest number of events inside any window of `windowMs` (half-open: two events exactly
 * `windowMs` apart are in different windows, the same rule {@link SlidingWindowLimiter} admits by).
 * `times` need not be sorted; a sorted input is not copied. O(n) for sorted input.
 */
export function maxInSlidingWindow(times: ArrayLike<number>, windowMs = 1000): number {
  const n = times.length;
  if (n === 0) return 0;
  let sorted: ArrayLike<number> = times;
  for (let i = 1; i < n; i++) {
    if ((times[i] ?? 0) < (times[i - 1] ?? 0)) {
      sorted = Float64Array.from(times).sort();
      break;
    }
  }
  let best = 1;
  let start = 0;
  for (let end = 1; end < n; end++) {
    const t = sorted[end] ?? 0;
    while (t - (sorted[start] ?? 0) >= windowMs) start++;
    const count = end - start + 1;
    if (count > best) best = count;
  }
  return best;
}

/**
 * A sliding-window rate limiter: at most `limit` admissions in any `windowMs`. It keeps the last
 * `limit` admission times in a ring, so memory is fixed and each check is O(1).
 */
export class SlidingWindowLimiter {
  private readonly ring: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    readonly limit: number,
    readonly windowMs = 1000,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    this.ring = new Float64Array(limit);
  }

  /** Admits and records an event at `now`, returning 0; or returns the ms until one would be admitted. */
  tryAcquire(now: number): number {
    if (this.size < this.limit) {
      this.ring[(this.head + this.size) % this.limit] = now;
      this.size++;
      return 0;
    }
    const oldest = this.ring[this.head] ?? 0;
    const wait = oldest + this.windowMs - now;
    if (wait > 0) return wait;
    this.ring[this.head] = now;
    this.head = (this.head + 1) % this.limit;
    return 0;
  }
}

/**
 * One sliding window per key (per chat), created on demand and pruned when idle, so a run over a
 * million chats does not keep a million windows.
 */
export class KeyedSlidingWindowLimiter {
  private readonly windows = new Map<number, number[]>();
  private acquisitions = 0;

  constructor(
    readonly limit: number,
    readonly windowMs = 1000,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  /** The ms until `key` would be admitted at `now` (0: now), without taking a slot. */
  probe(key: number, now: number): number {
    const times = this.windows.get(key);
    if (!times || times.length < this.limit) return 0;
    let start = 0;
    while (start < times.length && now - (times[start] ?? 0) >= this.windowMs) start++;
    if (times.length - start < this.limit) return 0;
    return (times[start] ?? 0) + this.windowMs - now;
  }

  /** Admits and records an event for `key` at `now`, returning 0; or returns the ms until it would be. */
  tryAcquire(key: number, now: number): number {
    if (++this.acquisitions % 10_000 === 0) this.prune(now);
    let times = this.windows.get(key);
    if (!times) {
      times = [];
      this.windows.set(key, times);
    }
    while (times.length > 0 && now - (times[0] ?? 0) >= this.windowMs) times.shift();
    if (times.length >= this.limit) return (times[0] ?? 0) + this.windowMs - now;
    times.push(now);
    return 0;
  }

  private prune(now: number): void {
    for (const [key, times] of this.windows) {
      if (now - (times.at(-1) ?? 0) >= this.windowMs) this.windows.delete(key);
    }
  }
}
