import { stress } from './tier';

/** One measured figure: a count, a ratio, a duration (its unit in the name). */
export type Figures = Record<string, number | string>;

/**
 * Prints a suite's figures as one block, so a run's output can be read like a report:
 *
 *   [reliability:fast] faults — tickets intended 300 · stored 300 · lost 0 · duplicated 0
 *
 * @example
 * printFigures('faults', { 'tickets intended': 300, stored: 300, lost: 0, duplicated: 0 });
 */
export function printFigures(suite: string, figures: Figures): void {
  const line = Object.entries(figures)
    .map(([name, value]) => `${name} ${typeof value === 'number' ? format(value) : value}`)
    .join(' · ');
  console.log(`[reliability:${stress ? 'stress' : 'fast'}] ${suite} — ${line}`);
}

function format(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
}
