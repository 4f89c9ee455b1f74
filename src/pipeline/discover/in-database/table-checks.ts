import { IcpError } from '../../../core/errors/icp-error.js';
import { formatCount } from '../../../core/issues/data-issue.js';
import { showValue } from '../../../core/issues/value-display.js';
import type { SqlSource } from '../../../data/remote/sql-source.js';
import { CLICKHOUSE_RANK_ROWS, keyRanges } from './pattern-counts.js';
import type { CountedAttribute, TableRows } from './table-columns.js';

/**
 * The table's rows (all, and with a target), its positives, and a check that every row with a
 * target has a key and no key repeats: a repeated key would tie in the fold-key order, which
 * each database may break its own way. One aggregate query, one counting the distinct keys, a
 * third only to name a repeat.
 *
 * ClickHouse counts the distinct keys in queries of their own, one per range of fold keys
 * (`keyRanges`, about `rankRows` keys each, as the patterns are ranked): its `count(DISTINCT)`
 * holds every key of the table on the one server that merges the shards (773 MiB at 10,000,000
 * keys, against a 4 GB `max_memory_usage` by 50,000,000). A repeated key has one fold key, so
 * it repeats within one range, and the ranges' distinct counts add up to the table's.
 */
export async function checkKeys(
  source: SqlSource,
  rows: TableRows,
  names: { table: string; key: string; keyText: string },
  rankRows = CLICKHOUSE_RANK_ROWS,
): Promise<{ all: number; rows: number; positives: number }> {
  const { table, key, keyText } = names;
  const [r = {}] = await source.rows(
    `SELECT count(*) AS a, sum(CASE WHEN ${rows.eligible} THEN 1 ELSE 0 END) AS n, sum(CASE WHEN ${rows.eligible} THEN ${rows.y} ELSE 0 END) AS p, count(CASE WHEN ${rows.eligible} THEN ${keyText} END) AS k FROM ${rows.from}`,
  );
  const [all, n, positives, keyed] = ['a', 'n', 'p', 'k'].map((c) => Number(r[c] ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  // The same queries in every database (so their wire counts compare), ranges in ClickHouse.
  const parts = source.dialect === 'clickhouse' ? keyed / rankRows : 1;
  let distinct = 0;
  for (const range of keyRanges(rows.foldKey, parts)) {
    const [d = {}] = await source.rows(
      `SELECT count(DISTINCT ${keyText}) AS d FROM ${rows.from} WHERE ${rows.eligible}${range}`,
    );
    distinct += Number(d.d ?? 0);
  }
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
