const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export const count = (n: number): string => whole.format(n);
export const percent = (x: number): string => `${one.format(x * 100)}%`;

/** An amount in the data's currency, whole units: "$12,300" or "12,300 SEK". */
export function money(x: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
    }).format(x);
  } catch {
    return `${whole.format(x)} ${currency}`;
  }
}

/** A cell of the accounts table as text. */
export function cell(
  value: string | number | boolean | null | undefined,
  column: { kind: string; unit?: string },
  currency: string,
): string {
  if (value === null || value === undefined || value === '') return '–';
  if (column.kind === 'boolean') return value === true || value === 'true' ? 'yes' : 'no';
  if (column.kind === 'number') {
    const n = Number(value);
    if (!Number.isFinite(n)) return String(value);
    return column.unit === 'money' ? money(n, currency) : one.format(n);
  }
  return String(value);
}

/** "62% (55% to 69%)", or "–" when nothing was counted. */
export function rate(r: { rate: number; lo: number; hi: number } | null): string {
  return r ? `${percent(r.rate)} (${percent(r.lo)} to ${percent(r.hi)})` : '–';
}
