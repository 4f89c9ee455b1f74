import { z } from 'zod';
import { clickHouseDouble } from './clickhouse-sql.js';
import { type SqlDialect, looseKeySql, sqlLiteral, textSql } from './cell-sql.js';
import { cellText, looseKey } from './cell.js';
import { dateSql, isoDays, parseDateDays } from './dates.js';

/**
 * How an attribute is computed from a source column, stored in the ICP so every scoring path
 * computes it the same way from the raw cell:
 * - `age_years` / `age_days`: the time from a date to `as_of` (the data's as-of date), in whole
 *   years (days / 365.25, rounded down) or days; a date after `as_of` gives a negative age;
 * - `has`: whether a set-valued cell ("AWS;HubSpot;Slack") holds `value` (a key as
 *   `looseKey` writes it), as "yes" / "no".
 */
export const deriveSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('age_years'),
    from: z.string().min(1),
    as_of: z.iso.date(),
    /** strftime formats tried after ISO, as the column was read in training. */
    formats: z.array(z.string().min(2)).optional(),
  }),
  z.strictObject({
    kind: z.literal('age_days'),
    from: z.string().min(1),
    as_of: z.iso.date(),
    formats: z.array(z.string().min(2)).optional(),
  }),
  z.strictObject({
    kind: z.literal('has'),
    from: z.string().min(1),
    value: z.string().min(1),
    separator: z.enum([';', '|', ',']),
  }),
]);

export type DeriveRule = z.infer<typeof deriveSchema>;

const YEAR_DAYS = 365.25;

/**
 * The attribute value a rule computes from a raw cell: a number for ages (NaN when the date is
 * missing or unreadable), "yes" / "no" for `has` (null when the cell is empty).
 *
 * @example deriveValue({ kind: 'age_years', from: 'founded_at', as_of: '2013-12-12' }, '2009-06-01') // => 4
 */
export function deriveValue(rule: DeriveRule, raw: unknown): number | string | null {
  if (rule.kind === 'has') {
    const t = cellText(raw);
    if (t === null) return null;
    return listItems(looseKey(t), rule.separator).includes(rule.value) ? 'yes' : 'no';
  }
  const days = parseDateDays(raw, rule.formats ?? []);
  if (days === null) return Number.NaN;
  const age = isoDays(rule.as_of) - days;
  return rule.kind === 'age_days' ? age : Math.floor(age / YEAR_DAYS);
}

/**
 * The items of a cell already in `looseKey` form: split at the separator, the one space that
 * collapsing may leave beside it removed.
 */
export function listItems(key: string, separator: string): string[] {
  return key
    .replaceAll(` ${separator}`, separator)
    .replaceAll(`${separator} `, separator)
    .split(separator);
}

/** `deriveValue` as SQL over the raw column `value` (any type); DOUBLE for ages, text for `has`. */
export function deriveSql(dialect: SqlDialect, rule: DeriveRule, value: string): string {
  const text = textSql(dialect, value);
  const lit = (v: string) => sqlLiteral(dialect, v);
  if (rule.kind === 'has') {
    const sep = lit(rule.separator);
    const key = looseKeySql(dialect, text);
    const replace = dialect === 'clickhouse' ? 'replaceAll' : 'replace';
    const joined = `${replace}(${replace}(${key}, ${lit(` ${rule.separator}`)}, ${sep}), ${lit(`${rule.separator} `)}, ${sep})`;
    const holds =
      dialect === 'duckdb'
        ? `list_contains(string_split(${joined}, ${sep}), ${lit(rule.value)})`
        : dialect === 'clickhouse'
          ? `has(splitByString(${sep}, ifNull(${joined}, '')), ${lit(rule.value)})`
          : `(${lit(rule.value)} = ANY (string_to_array(${joined}, ${sep})))`;
    return `(CASE WHEN ${text} IS NULL THEN NULL WHEN ${holds} THEN 'yes' ELSE 'no' END)`;
  }
  const date = dateSql(dialect, text, rule.formats ?? []);
  if (dialect === 'clickhouse') {
    // dateSql gives ClickHouse's dates as day numbers already.
    const days = `toFloat64(${isoDays(rule.as_of)} - ${date})`;
    return rule.kind === 'age_days' ? days : `floor(${days} / ${clickHouseDouble(YEAR_DAYS)})`;
  }
  const asOf = `DATE ${lit(rule.as_of)}`;
  const days = dialect === 'duckdb' ? `date_diff('day', ${date}, ${asOf})` : `(${asOf} - ${date})`;
  const double = dialect === 'duckdb' ? 'DOUBLE' : 'double precision';
  return rule.kind === 'age_days'
    ? `CAST(${days} AS ${double})`
    : `floor(CAST(${days} AS ${double}) / ${YEAR_DAYS})`;
}

/**
 * A record lookup that also answers derived attributes: for a name with a rule, the rule
 * applied to the raw value of its `from` column.
 */
export function derivedLookup(
  attributes: readonly { readonly name: string; readonly derive?: DeriveRule | undefined }[],
  lookup: (name: string) => unknown,
): (name: string) => unknown {
  const rules = new Map<string, DeriveRule>();
  for (const a of attributes) if (a.derive) rules.set(a.name, a.derive);
  if (rules.size === 0) return lookup;
  return (name) => {
    const rule = rules.get(name);
    return rule ? deriveValue(rule, lookup(rule.from)) : lookup(name);
  };
}
