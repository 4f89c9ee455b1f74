import { IcpError } from '../errors/icp-error.js';

/**
 * Dates as the engine passes them around: ISO calendar days (YYYY-MM-DD) in UTC, compared as
 * strings. Backtest windows, drift windows, the report's eight quarters and `--since` all count
 * periods with these helpers, so a quarter starts on the same day everywhere.
 */

/** A period length: backtest's `--every` and drift's `--window`. */
export type Every = 'month' | 'quarter' | 'year';

/** How many months one period of each kind lasts. */
export const MONTHS: Readonly<Record<Every, number>> = { month: 1, quarter: 3, year: 12 };

/** Refuses anything but a real YYYY-MM-DD date, naming the flag it came from. */
export function checkDate(d: string, flag: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
    throw new IcpError('USAGE', `${flag} ${d}: write a date as YYYY-MM-DD.`);
}

/** The first day of the month, quarter or year that contains the date. */
export function periodStart(d: string, every: Every): string {
  const [y, m] = d.split('-').map(Number) as [number, number];
  const month = every === 'year' ? 1 : every === 'quarter' ? Math.floor((m - 1) / 3) * 3 + 1 : m;
  return `${y}-${String(month).padStart(2, '0')}-01`;
}

/** The date `months` calendar months later (earlier when negative), as JavaScript's Date rolls over. */
export function addMonths(d: string, months: number): string {
  const date = new Date(`${d}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/** The day before. */
export function previousDay(d: string): string {
  const date = new Date(`${d}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Consecutive periods from the start of the period holding `since` to `end`: each `asOf` is a
 * period's first day before `end`, each `until` the period's last day (or `end`, for the last).
 */
export function periodsBetween(
  since: string,
  end: string,
  every: Every,
): { asOf: string; until: string }[] {
  const out: { asOf: string; until: string }[] = [];
  let d = periodStart(since, every);
  while (d < end) {
    const next = addMonths(d, MONTHS[every]);
    out.push({ asOf: d, until: next <= end ? previousDay(next) : end });
    d = next;
  }
  return out;
}
