import { clickHouseEpochDays } from './clickhouse-sql.js';
import { type SqlDialect, sqlLiteral, withGroups } from './cell-sql.js';
import { cellText, trimCell } from './cell.js';
import { tokenPattern, whole } from './patterns.js';
import { MONTHS } from './tokens.js';

/**
 * Dates read from text by patterns, the same in TypeScript, DuckDB and PostgreSQL (which has
 * no TRY_CAST: a bad date must never reach a cast). ISO dates ("2013-12-12", with or without
 * a time and zone: the date as written) are always tried first, then the given strftime
 * formats in order. Supported directives: %Y %y %m %d %e %b %B %q (quarter: "2012-Q2" is
 * "%Y-Q%q") and, matched but ignored, %H %I %M %S %f %p %z %Z %a %A; %% is a percent sign.
 */

/** Which date part a capture group holds. */
type Field = 'Y' | 'y' | 'm' | 'b' | 'd' | 'q';

export interface DatePattern {
  readonly pattern: string;
  /** The date part of each capture group, in order. */
  readonly fields: readonly Field[];
}

/** A four-digit year from 0001 (there is no year 0). */
const YEAR = '(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})';

const TIME =
  '(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]{1,9})?)? *(?:[zZ]|UTC|[+-][0-9]{2}(?::?[0-9]{2})?)?)?';

/** "2013-12-12", "2013-1-5", "2013-12-12T10:00:00Z", "2013-12-12 10:00:00+02". */
export const ISO_DATE: DatePattern = {
  pattern: `${YEAR}-([0-9]{1,2})-([0-9]{1,2})${TIME}`,
  fields: ['Y', 'm', 'd'],
};

const DIRECTIVES: Record<string, { pattern: string; field?: Field }> = {
  Y: { pattern: YEAR, field: 'Y' },
  y: { pattern: '([0-9]{2})', field: 'y' },
  m: { pattern: '([0-9]{1,2})', field: 'm' },
  d: { pattern: '([0-9]{1,2})', field: 'd' },
  e: { pattern: ' ?([0-9]{1,2})', field: 'd' },
  b: { pattern: '([A-Za-z]{3,9})', field: 'b' },
  B: { pattern: '([A-Za-z]{3,9})', field: 'b' },
  q: { pattern: '([1-4])', field: 'q' },
  H: { pattern: '[0-9]{1,2}' },
  I: { pattern: '[0-9]{1,2}' },
  M: { pattern: '[0-9]{2}' },
  S: { pattern: '[0-9]{2}' },
  f: { pattern: '[0-9]{1,9}' },
  p: { pattern: '[AaPp][Mm]' },
  z: { pattern: '(?:[zZ]|[+-][0-9]{2}:?[0-9]{2})' },
  Z: { pattern: '[A-Za-z]{1,5}' },
  a: { pattern: '[A-Za-z]{3,9}' },
  A: { pattern: '[A-Za-z]{3,9}' },
  '%': { pattern: '[%]' },
};

/**
 * A strftime format as a pattern, or undefined when it uses a directive not supported here or
 * lacks a year (a date needs one).
 *
 * @example datePattern('%m/%d/%Y')?.fields // => ['m', 'd', 'Y']
 */
export function datePattern(format: string): DatePattern | undefined {
  let pattern = '';
  const fields: Field[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c !== '%') {
      if (']\\^'.includes(c)) return undefined;
      pattern += c === ' ' ? ' ' : /[A-Za-z0-9]/.test(c) ? tokenPattern(c) : `[${c}]`;
      continue;
    }
    const d = DIRECTIVES[format[++i] ?? ''];
    if (!d) return undefined;
    pattern += d.pattern;
    if (d.field) fields.push(d.field);
  }
  if (!fields.includes('Y') && !fields.includes('y')) return undefined;
  return { pattern, fields };
}

const cache = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(whole(pattern));
    cache.set(pattern, re);
  }
  return re;
}

/** ISO first, then each format that compiles. */
function patterns(formats: readonly string[]): DatePattern[] {
  return [ISO_DATE, ...formats.flatMap((f) => datePattern(f) ?? [])];
}

const MONTH_NUMBER = new Map<string, number>(
  MONTHS.flatMap((m, i) => [
    [m, i + 1],
    [m.slice(0, 3), i + 1],
  ]),
);

/** The year of a two-digit year: 00-68 are 2000-2068, 69-99 are 1969-1999 (as strptime). */
const century = (yy: number) => (yy < 69 ? 2000 + yy : 1900 + yy);

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid civil date (proleptic Gregorian). */
export function epochDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * A date from a cell as days since 1970-01-01, or null when it is missing or no pattern reads
 * it as a real date (30 February is not one).
 *
 * @example parseDateDays('2013-12-12', []) // => 16051
 */
export function parseDateDays(value: unknown, formats: readonly string[]): number | null {
  const t = cellText(value);
  if (t === null) return null;
  for (const p of patterns(formats)) {
    const m = compiled(p.pattern).exec(t);
    if (!m) continue;
    let y = Number.NaN;
    let month = 1;
    let d = 1;
    p.fields.forEach((f, i) => {
      const g = m[i + 1] as string;
      if (f === 'Y') y = Number(g);
      else if (f === 'y') y = century(Number(g));
      else if (f === 'm') month = Number(g);
      else if (f === 'b') month = MONTH_NUMBER.get(g.toLowerCase()) ?? Number.NaN;
      else if (f === 'q') month = (Number(g) - 1) * 3 + 1;
      else d = Number(g);
    });
    if (!(month >= 1 && month <= 12)) continue;
    if (!(d >= 1 && d <= daysInMonth(y, month))) continue;
    return epochDays(y, month, d);
  }
  return null;
}

/** An ISO date (YYYY-MM-DD) as days since 1970-01-01; throws on anything else. */
export function isoDays(date: string): number {
  const days = parseDateDays(trimCell(date), []);
  if (days === null || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date))
    throw new RangeError(`"${date}" is not a date written YYYY-MM-DD`);
  return days;
}

/**
 * A date from trimmed text (the output of `textSql`) as a SQL DATE, NULL where
 * `parseDateDays` gives null. In ClickHouse, whose Date starts in 1970, the days since
 * 1970-01-01 (Int64), as `parseDateDays` gives them.
 */
export function dateSql(dialect: SqlDialect, text: string, formats: readonly string[]): string {
  const ch = dialect === 'clickhouse';
  const int = dialect === 'duckdb' ? 'INTEGER' : 'integer';
  // ClickHouse computes every branch of a CASE on every row: its casts must not fail.
  const toInt = (x: string) => (ch ? `toInt64OrNull(${x})` : `CAST(${x} AS ${int})`);
  const parts = patterns(formats).map((p) =>
    withGroups(dialect, text, whole(p.pattern), p.fields.length, (g) => {
      let y = '';
      let m = '1';
      let d = '1';
      p.fields.forEach((f, k) => {
        const n = toInt(g(k + 1));
        if (f === 'Y') y = n;
        else if (f === 'y') y = `(CASE WHEN ${n} < 69 THEN 2000 + ${n} ELSE 1900 + ${n} END)`;
        else if (f === 'm') m = n;
        else if (f === 'b')
          m = `(CASE ${[...MONTH_NUMBER].map(([key, v]) => `WHEN ${ch ? 'lowerUTF8' : 'lower'}(${g(k + 1)}) = ${sqlLiteral(dialect, key)} THEN ${v}`).join(' ')} END)`;
        else if (f === 'q') m = `((${n} - 1) * 3 + 1)`;
        else d = n;
      });
      // DuckDB's TRY_CAST rejects 30 February by itself; PostgreSQL must be told which days exist.
      if (dialect === 'duckdb')
        return `TRY_CAST(printf('%04d-%02d-%02d', ${y}, ${m}, ${d}) AS DATE)`;
      const leap = `((${y} % 4 = 0 AND ${y} % 100 <> 0) OR ${y} % 400 = 0)`;
      const days = `(CASE WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END)`;
      const date = ch ? clickHouseEpochDays(y, m, d) : `make_date(${y}, ${m}, ${d})`;
      return `CASE WHEN ${m} BETWEEN 1 AND 12 AND ${d} BETWEEN 1 AND ${days} THEN ${date} END`;
    }),
  );
  const read = parts.length === 1 ? (parts[0] as string) : `coalesce(${parts.join(', ')})`;
  if (dialect !== 'duckdb') return read;
  // The common case, a plain ISO date that exists, is DuckDB's own cast: the same answer, and
  // several times faster than the patterns (a date that does not exist still goes through
  // them, since another format may read it).
  const cast = `TRY_CAST(${text} AS DATE)`;
  return `(CASE WHEN regexp_matches(${text}, '^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$') AND ${cast} IS NOT NULL THEN ${cast} ELSE ${read} END)`;
}
