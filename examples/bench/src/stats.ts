/** Median, min and max of repeated runs: the shape every machine-dependent figure is given in. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/**
 * Summarises samples (NaN and infinities are dropped: a run that could not measure).
 *
 * @example
 * spread([3, 1, 2]); // { median: 2, min: 1, max: 3, runs: 3 }
 */
export function spread(samples: readonly number[]): Spread {
  const sorted = samples.filter(Number.isFinite).toSorted((a, b) => a - b);
  if (sorted.length === 0) {
    return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: 0 };
  }
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, runs: sorted.length };
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = samples.filter(Number.isFinite).toSorted((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

function round(value: number, digits: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  const abs = Math.abs(value);
  const places = abs >= 100 ? 0 : abs >= 10 ? Math.min(digits, 1) : digits;
  return value.toLocaleString('en-US', {
    maximumFractionDigits: places,
    minimumFractionDigits: 0,
  });
}

/** "12.3 (11.0–15.2)" with a unit. */
export function showSpread(value: Spread, unit = '', digits = 1): string {
  if (value.runs === 0) {
    return 'n/a';
  }
  const suffix = unit === '' ? '' : ` ${unit}`;
  if (value.runs === 1 || value.min === value.max) {
    return `${round(value.median, digits)}${suffix}`;
  }
  return `${round(value.median, digits)}${suffix} (${round(value.min, digits)}–${round(value.max, digits)})`;
}

export function show(value: number, unit = '', digits = 1): string {
  const suffix = unit === '' ? '' : ` ${unit}`;
  return Number.isFinite(value) ? `${round(value, digits)}${suffix}` : 'n/a';
}

/** "×1.23" (a / b), or n/a when the baseline is 0 or missing. */
export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) {
    return 'n/a';
  }
  const quotient = value / baseline;
  // Two significant digits below 1 (×0.0073), so small ratios do not round to ×0.
  return quotient < 1 && quotient > 0
    ? `×${Number(quotient.toPrecision(2))}`
    : `×${round(quotient, 2)}`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
