// Two tiers share every suite: the fast one runs inside `pnpm test`, the long one (`pnpm
// test:stress`, AIDE_STRESS=1) runs the same code at a larger scale.

/** True under `pnpm test:stress`. */
export const stress = process.env.AIDE_STRESS === '1';

/**
 * Picks the scale of a suite for the current tier.
 *
 * @example
 * const tickets = scale({ fast: 300, stress: 3000 });
 */
export function scale<T>(sizes: { fast: T; stress: T }): T {
  return stress ? sizes.stress : sizes.fast;
}

/** Test timeout for a suite: the stress tier gets more room. */
export function timeout(fastMs: number, stressMs = fastMs * 10): number {
  return stress ? stressMs : fastMs;
}
