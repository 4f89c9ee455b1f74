/**
 * Billing intervals as exports write them ("month", "yearly", "annual", "quarter") and their
 * length in months, to turn a per-interval amount into a monthly one (MRR).
 */
const MONTHS: Readonly<Record<string, number>> = {
  day: 12 / 365,
  daily: 12 / 365,
  week: 12 / 52,
  weekly: 12 / 52,
  month: 1,
  monthly: 1,
  months: 1,
  mo: 1,
  quarter: 3,
  quarterly: 3,
  halfyear: 6,
  semiannual: 6,
  semiannually: 6,
  year: 12,
  yearly: 12,
  years: 12,
  annual: 12,
  annually: 12,
  yr: 12,
};

/** The key an interval word is compared by: lower-case letters only ("Half-year" -> "halfyear"). */
export function intervalKey(word: string): string {
  return word.toLowerCase().replace(/[^a-z]/g, '');
}

/** Months in one billing interval, or undefined for a word that names none. */
export function intervalMonths(word: string): number | undefined {
  const key = intervalKey(word);
  return Object.hasOwn(MONTHS, key) ? MONTHS[key] : undefined;
}

/** Whether a config value names an interval ("year") rather than a column holding one. */
export function isIntervalWord(word: string): boolean {
  return intervalMonths(word) !== undefined;
}

/** Every recognised interval word with its length in months, for SQL. */
export const INTERVAL_MONTHS: Readonly<Record<string, number>> = MONTHS;
