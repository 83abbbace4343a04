import { KeyedSlidingWindowLimiter, maxInSlidingWindow, SlidingWindowLimiter } from '@chunav/bot-api-double';
import { describe, expect, it } from 'vitest';

describe('maxInSlidingWindow', () => {
  it('when there are no events, then 0', () => {
    expect(maxInSlidingWindow([], 1000)).toBe(0);
  });

  it('when events sit exactly one window apart, then they are in different windows', () => {
    expect(maxInSlidingWindow([0, 1000, 2000], 1000)).toBe(1);
    expect(maxInSlidingWindow([0, 999.9, 2000], 1000)).toBe(2);
  });

  it('when a burst straddles the second boundary, then the sliding count sees all of it', () => {
    // 10 at 900..990 ms and 10 at 1000..1090 ms: fixed one-second buckets see 10 each, a sliding window sees 20.
    const times = [
      ...Array.from({ length: 10 }, (_, i) => 900 + i * 10),
      ...Array.from({ length: 10 }, (_, i) => 1000 + i * 10),
    ];
    expect(maxInSlidingWindow(times, 1000)).toBe(20);
  });

  it('when times are unsorted, then the answer is the same as sorted and the input is untouched', () => {
    const times = [1500, 0, 900, 2600, 1000, 100];
    const copy = [...times];
    expect(maxInSlidingWindow(times, 1000)).toBe(
      maxInSlidingWindow(
        [...times].sort((a, b) => a - b),
        1000,
      ),
    );
    expect(maxInSlidingWindow(times, 1000)).toBe(3);
    expect(times).toEqual(copy);
  });
});

describe('SlidingWindowLimiter', () => {
  it('when the window is full, then the next admission waits for the oldest to expire', () => {
    const limiter = new SlidingWindowLimiter(3, 1000);
    expect([0, 10, 20].map((t) => limiter.tryAcquire(t))).toEqual([0, 0, 0]);
    expect(limiter.tryAcquire(500)).toBe(500);
    expect(limiter.tryAcquire(999)).toBe(1);
    expect(limiter.tryAcquire(1000)).toBe(0);
    expect(limiter.tryAcquire(1005)).toBe(5);
  });

  it('when admissions are checked with maxInSlidingWindow, then no window ever holds more than the limit', () => {
    const limiter = new SlidingWindowLimiter(20, 1000);
    const admitted: number[] = [];
    for (let t = 0; t < 5000; t += 7) if (limiter.tryAcquire(t) === 0) admitted.push(t);
    expect(maxInSlidingWindow(admitted, 1000)).toBe(20);
    expect(admitted.length).toBeGreaterThan(90);
  });
});

describe('KeyedSlidingWindowLimiter', () => {
  it('when one chat is at its limit, then other chats are not held back and probing takes no slot', () => {
    const limiter = new KeyedSlidingWindowLimiter(1, 1000);
    expect(limiter.tryAcquire(1, 0)).toBe(0);
    expect(limiter.probe(1, 400)).toBe(600);
    expect(limiter.tryAcquire(2, 400)).toBe(0);
    expect(limiter.probe(3, 400)).toBe(0);
    expect(limiter.tryAcquire(3, 401)).toBe(0);
    expect(limiter.tryAcquire(1, 1000)).toBe(0);
  });
});
