import { IcpError } from '../../../core/errors/icp-error.js';
import { formatCount } from '../../../core/issues/data-issue.js';
import { showValue } from '../../../core/issues/value-display.js';
import type { SqlSource } from '../../../data/remote/sql-source.js';
import type { CountedAttribute, TableRows } from './table-columns.js';

/**
 * The table's rows (all, and with a target), its positives, and a check that every row with a
 * target has a key and no key repeats: a repeated key would tie in the fold-key order, which
 * each database may break its own way. One aggregate query, a second only to name a repeat.
 */
export async function checkKeys(
  source: SqlSource,
  rows: TableRows,
  table: string,
  key: string,
  keyText: string,
): Promise<{ all: number; rows: number; positives: number }> {
  const [r = {}] = await source.rows(
    `SELECT count(*) AS a, sum(CASE WHEN ${rows.eligible} THEN 1 ELSE 0 END) AS n, sum(CASE WHEN ${rows.eligible} THEN ${rows.y} ELSE 0 END) AS p, count(CASE WHEN ${rows.eligible} THEN ${keyText} END) AS k, count(DISTINCT CASE WHEN ${rows.eligible} THEN ${keyText} END) AS d FROM ${rows.from}`,
  );
  const [all, n, positives, keyed, distinct] = ['a', 'n', 'p', 'k', 'd'].map((c) =>
    Number(r[c] ?? 0),
  ) as [number, number, number, number, number];
  if (keyed < n)
    throw new IcpError(
      'DATA',
      `--key "${key}": ${rowsOf(n - keyed)} of ${table} with a target ${n - keyed === 1 ? 'has' : 'have'} no key. Fill the key of every row, or name another unique column with --key.`,
    );
  if (distinct < keyed) {
    const [twin = {}] = await source.rows(
      `SELECT ${keyText} AS v, count(*) AS c FROM ${rows.from} WHERE ${rows.eligible} GROUP BY ${keyText} HAVING count(*) > 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    throw new IcpError(
      'DATA',
      `--key "${key}": ${rowsOf(keyed - distinct)} of ${table} ${keyed - distinct === 1 ? 'repeats' : 'repeat'} a key, e.g. ${showValue(String(twin.v))} on ${Number(twin.c)} rows. The key deals the rows into folds and must be unique: name a unique column with --key.`,
    );
  }
  return { all, rows: n, positives };
}

/** "1 row", "1,234 rows". */
function rowsOf(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;
}

/** A sentence per numeric column with cells that are not numbers (read as missing). */
export function unreadableNotes(attrs: readonly CountedAttribute[]): string[] {
  return attrs
    .filter((a) => a.unreadable > 0)
    .map(
      (a) =>
        `${a.name}: ${formatCount(a.unreadable)} of ${formatCount(a.filled)} filled cells are not numbers and are read as missing.`,
    );
}
