import type { Logger } from '../logger.js';
import { settledWithin } from '../util/timeout.js';

/**
 * A shutdown step. `drain` steps (updates, jobs) share the SHUTDOWN_TIMEOUT budget; the others close
 * connections and get {@link CLOSE_STEP_MS} each. A step still running when its time is up is left
 * behind (after `force`, if any) so that the process can exit.
 */
export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown> | unknown;
  drain?: boolean;
  force?: () => unknown;
}

/** Time given to each closing (non-drain) step, and to a drain step once the shared budget is spent. */
const CLOSE_STEP_MS = 2000;
const MIN_DRAIN_STEP_MS = 250;

/** The one shutdown list of a process: steps are added as components start, run in reverse. */
export interface Shutdown {
  /** Adds a step; it runs before every step added earlier. */
  add(step: ShutdownStep): void;
  /** True once `stop` was called. */
  readonly stopping: boolean;
  /** Runs every step once, in reverse order of adding, each bounded; later calls wait for the first. */
  stop(): Promise<void>;
}

export function createShutdown(logger: Logger, shutdownTimeoutMs: number): Shutdown {
  const steps: ShutdownStep[] = [];
  let stopping = false;
  let stopped: Promise<void> | undefined;
  return {
    add: (step) => void steps.push(step),
    get stopping() {
      return stopping;
    },
    stop() {
      // Every step runs even when an earlier one fails or overruns: updates stop first, Redis closes last.
      stopped ??= (async () => {
        stopping = true;
        const deadline = Date.now() + shutdownTimeoutMs;
        for (const step of [...steps].reverse()) {
          const budget = step.drain ? Math.max(deadline - Date.now(), MIN_DRAIN_STEP_MS) : CLOSE_STEP_MS;
          const work = (async () => step.run())();
          work.catch((err) => logger.warn({ err, step: step.name }, 'shutdown step failed'));
          if (await settledWithin(work, budget)) continue;
          logger.warn(
            { step: step.name, waitedMs: budget },
            step.drain
              ? 'shutdown: still busy at SHUTDOWN_TIMEOUT, closing anyway (unfinished jobs are retried later)'
              : 'shutdown: step did not finish in time, closing anyway',
          );
          try {
            step.force?.();
          } catch (err) {
            logger.warn({ err, step: step.name }, 'shutdown: forcing a step failed');
          }
        }
        logger.info('stopped');
      })();
      return stopped;
    },
  };
}

/** Counts updates being handled, so that shutdown can wait for them. */
export function createInflight() {
  let count = 0;
  let idle: Array<() => void> = [];
  return {
    get count() {
      return count;
    },
    enter() {
      count++;
    },
    leave() {
      count--;
      if (count === 0) {
        for (const wake of idle) wake();
        idle = [];
      }
    },
    /** Resolves once nothing is in flight. */
    idle(): Promise<void> {
      return count === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
  };
}
