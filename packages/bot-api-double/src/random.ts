/** A seeded source of numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: the same seed gives the same fault and latency sequence, run after run. The program keeps
 * its own copy for tests and benchmarks (`src/util/random.ts`); this package does not import the program.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An inclusive range. */
export interface Range {
  min: number;
  max: number;
}

/** A number from a fixed value or a range (uniform, real-valued). */
export function pickReal(random: Random, value: number | Range): number {
  if (typeof value === 'number') return value;
  return value.min + random() * (value.max - value.min);
}

/** An integer from a fixed value or an inclusive range. */
export function pickInt(random: Random, value: number | Range): number {
  if (typeof value === 'number') return Math.round(value);
  const min = Math.ceil(value.min);
  const max = Math.floor(value.max);
  return max <= min ? min : min + Math.floor(random() * (max - min + 1));
}

/** cyrb53: a fast 53-bit string hash, for spotting identical texts without keeping them. */
export function hash53(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
