/**
 * Bounded waiting for tests: wait for a condition instead of sleeping a fixed time, so a test is as fast
 * as the machine allows and a loaded machine only makes it slower, never wrong.
 */

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Time between checks (default 25 ms). */
  intervalMs?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks `condition` until it returns a truthy value and resolves with that value; throws after
 * `timeoutMs`, naming `what` and the last value or error seen. A check that throws counts as not yet.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  opts: WaitOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 25;
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= until) break;
    await pause(Math.min(intervalMs, Math.max(0, until - Date.now())));
  }
  const seen = last instanceof Error ? `error: ${last.message}` : `last value: ${JSON.stringify(last)}`;
  throw new Error(`not within ${timeoutMs} ms: ${opts.what ?? 'condition'} (${seen})`);
}

export interface HoldOptions {
  /** How long the condition must keep holding. */
  forMs: number;
  /** Time between checks (default 25 ms). */
  intervalMs?: number;
  /** What must hold, for the error message. */
  what?: string;
}

/**
 * Checks `condition` every `intervalMs` for `forMs` and throws at the first check where it is false.
 *
 * This is for proving that something does NOT happen (a paused delivery sends nothing). Use it only
 * after asserting the state that makes the event impossible (no job left in the queue, the delivery's
 * status): the observation then only watches for a bug, and a loaded machine can hide such a bug but
 * never invent one, so the test cannot fail for being slow.
 */
export async function holdsFor(
  condition: () => boolean | Promise<boolean>,
  opts: HoldOptions,
): Promise<void> {
  const intervalMs = opts.intervalMs ?? 25;
  const until = Date.now() + opts.forMs;
  for (;;) {
    if (!(await condition())) throw new Error(`stopped holding: ${opts.what ?? 'condition'}`);
    if (Date.now() >= until) return;
    await pause(Math.min(intervalMs, Math.max(0, until - Date.now())));
  }
}
