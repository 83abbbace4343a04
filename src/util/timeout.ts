/** Thrown by {@link withTimeout} when the work takes longer than allowed. */
export class TimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Resolves or rejects as `work` does, or rejects with {@link TimeoutError} after `ms`. The work itself
 * goes on (a promise cannot be cancelled); its late result or error is ignored.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    timer.unref?.();
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** Waits for `work` to settle, at most `ms`: true when it settled in time (either way), false when not. */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  try {
    await withTimeout(work, Math.max(0, ms));
    return true;
  } catch (err) {
    return !(err instanceof TimeoutError);
  }
}
