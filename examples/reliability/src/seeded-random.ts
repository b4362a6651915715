// A fault run that fails must be replayable: every random choice of the faults suite (which
// fault a connection gets, when the server is killed) comes from one seeded generator, and the
// seed is printed so that `AIDE_FAULT_SEED=<seed>` repeats the same choices.

/** A generator of floats in [0, 1), deterministic for a given seed. */
export type Random = () => number;

/**
 * mulberry32: a tiny 32-bit generator, plenty for picking faults (not for secrets).
 *
 * @example
 * const random = seededRandom(42);
 * random(); // the same sequence on every run with seed 42
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The seed of this run: `AIDE_FAULT_SEED` when set (to replay a failure), otherwise a fresh one.
 *
 * @example
 * const seed = runSeed(process.env);
 */
export function runSeed(env: NodeJS.ProcessEnv): number {
  const given = env.AIDE_FAULT_SEED;
  if (given !== undefined && given !== '') {
    if (!/^\d+$/.test(given)) {
      throw new Error(`AIDE_FAULT_SEED must be a non-negative integer, got "${given}"`);
    }
    return Number(given) >>> 0;
  }
  return Math.floor(Math.random() * 4_294_967_296);
}

/**
 * An integer in [min, max] drawn from `random`.
 *
 * @example
 * const delayMs = randomInt(random, 50, 300);
 */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
