import type { ResolvedConfig } from './config.js';
import { ApiError, DESCRIPTIONS, tooManyRequests } from './errors.js';
import { createRandom, pickInt, pickReal, type Random, type Range } from './random.js';

/** What the fault mix does to one call. */
export type Fault = 'none' | '429' | '5xx' | 'drop-before' | 'drop-after';

/**
 * Latency and the random fault mix (injected 429s, 500/502 answers, connections dropped before or after
 * the call takes effect). Each comes from its own PRNG seeded from the settings, so one seed replays the
 * same run whatever the latency setting.
 */
export class Faults {
  private faultRandom: Random;
  private latencyRandom: Random;
  private methods: ReadonlySet<string> | 'all';

  constructor(seed: number, methods: ResolvedConfig['faults']['methods']) {
    this.faultRandom = createRandom(seed);
    this.latencyRandom = createRandom(seed ^ 0x5bd1e995);
    this.methods = methods === 'all' ? 'all' : new Set(methods);
  }

  /** Restarts both sequences (a new seed, or reset()). */
  reseed(seed: number): void {
    this.faultRandom = createRandom(seed);
    this.latencyRandom = createRandom(seed ^ 0x5bd1e995);
  }

  /** The methods the faults hit (`faults.methods`). */
  setMethods(methods: ResolvedConfig['faults']['methods']): void {
    this.methods = methods === 'all' ? 'all' : new Set(methods);
  }

  /** The latency of the next call, ms; a fixed setting draws nothing from the PRNG. */
  latency(setting: number | Range): number {
    return pickReal(this.latencyRandom, setting);
  }

  /**
   * The fault for a call of `method`. getUpdates is never hit (a long poll that failed at random would
   * only slow tests down), and without faults the PRNG is not drawn from.
   */
  draw(method: string, f: ResolvedConfig['faults']): Fault {
    const total = f.p429 + f.p5xx + f.pDropBeforeRecord + f.pDropAfterRecord;
    if (total === 0 || method === 'getUpdates') return 'none';
    if (this.methods !== 'all' && !this.methods.has(method)) return 'none';
    const r = this.faultRandom();
    let edge = f.p429;
    if (r < edge) return '429';
    edge += f.p5xx;
    if (r < edge) return '5xx';
    edge += f.pDropBeforeRecord;
    if (r < edge) return 'drop-before';
    edge += f.pDropAfterRecord;
    return r < edge ? 'drop-after' : 'none';
  }

  /** The answer of an injected 429 (retry_after from `faults.retryAfter`) or 5xx (500 or 502, half each). */
  answer(fault: '429' | '5xx', f: ResolvedConfig['faults']): ApiError {
    if (fault === '429') return tooManyRequests(pickInt(this.faultRandom, f.retryAfter));
    return this.faultRandom() < 0.5
      ? new ApiError(500, DESCRIPTIONS.internal)
      : new ApiError(502, DESCRIPTIONS.badGateway);
  }
}
