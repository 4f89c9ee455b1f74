/**
 * How many decimals a percent shows: a fixed number; `'small'`, one decimal under 10% (either
 * sign) and none from there, so a small share keeps its meaning ("4.5%") and a large one stays
 * short ("62%"); `'trimmed'`, one decimal without a trailing zero ("12.5%", "20%").
 */
export type PercentDigits = number | 'small' | 'trimmed';

/**
 * A share as a percent, for text: the CLI, warnings, headlines, and through `pct` the HTML
 * report. The one percent formatter of every text the engine writes (the dashboard has its own,
 * in the browser's number format); null, a rate that could not be measured, reads "n/a".
 *
 * @example percent(0.25) // => "25%"
 * @example percent(0.0451, 'small') // => "4.5%"
 * @example percent(0.125, 1) // => "12.5%"
 * @example percent(null) // => "n/a"
 */
export function percent(x: number | null, digits: PercentDigits = 0): string {
  if (x === null) return 'n/a';
  if (digits === 'trimmed') return `${Math.round(x * 1000) / 10}%`;
  const fixed = digits === 'small' ? (Math.abs(x) < 0.1 ? 1 : 0) : digits;
  return `${(x * 100).toFixed(fixed)}%`;
}
