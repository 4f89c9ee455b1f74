import {
  type FineAttribute,
  fineCategorical,
  fineNumeric,
} from '../../../core/binning/fine-bins.js';
import { inList, type SqlDialect } from '../../../core/parse/cell-sql.js';
import { clickHouseDouble } from '../../../core/parse/clickhouse-sql.js';
import { classRankSql } from '../../../core/stats/hash-folds.js';
import type { SqlSource } from '../../../data/remote/sql-source.js';
import { codeWidth, packedCodesSql } from './packed-codes.js';
import { PatternGroups, type PatternRows } from './pattern-groups.js';
import type { CountedAttribute, TableRows } from './table-columns.js';

export type { PatternRows } from './pattern-groups.js';

/**
 * An attribute's fine bins cut on its counted values, as `fineAttribute` cuts them on the rows
 * (the same options, `rows` the rows with a target); `codes` holds the bin of each distinct
 * value, not of each row.
 */
export function fineOfCounts(attr: CountedAttribute, rows: number): FineAttribute {
  const { counted } = attr;
  if (counted.kind === 'numeric')
    return fineNumeric(
      attr.name,
      Float64Array.from(counted.counted.distinct),
      { maxBins: 40, minCount: Math.max(10, Math.ceil(0.002 * rows)) },
      counted.counted,
    );
  return fineCategorical(attr.name, [], { minCount: 5 }, counted.counted);
}

/** SQL giving each row's fine bin of `attr` (its cell is the SQL `x`), as `fine` assigns it. */
export function fineBinSql(
  dialect: SqlDialect,
  attr: CountedAttribute,
  fine: FineAttribute,
  x: string,
): string {
  const missing = fine.bins.length - 1;
  const whens: string[] = [];
  if (attr.counted.kind === 'numeric') {
    // A value's bin is the number of range starts at or below it (the first bin has none).
    const starts = fine.bins.flatMap((b, j) => (j > 0 && b.kind === 'range' ? [b.lo] : []));
    starts.forEach((s, j) => {
      whens.push(`WHEN ${x} < ${doubleSql(dialect, s)} THEN ${j}`);
    });
    return `CASE WHEN ${x} IS NULL THEN ${missing} ${whens.join(' ')} ELSE ${starts.length} END`;
  }
  const values = attr.counted.counted.values;
  const byBin = new Map<number, string[]>();
  values.forEach((v, i) => {
    const b = fine.codes[i] as number;
    const inBin = byBin.get(b);
    if (inBin) inBin.push(v);
    else byBin.set(b, [v]);
  });
  const other = missing - 1;
  for (const [b, vs] of [...byBin].sort((p, q) => p[0] - q[0]))
    if (b !== other) whens.push(`WHEN ${inList(dialect, x, vs)} THEN ${b}`);
  return `CASE WHEN ${x} IS NULL THEN ${missing} ${whens.join(' ')} ELSE ${other} END`;
}

function doubleSql(dialect: SqlDialect, x: number): string {
  return dialect === 'clickhouse'
    ? clickHouseDouble(x)
    : `CAST('${String(x)}' AS DOUBLE PRECISION)`;
}

/**
 * Rows ClickHouse ranks in one query at most (`clickHouseRankedSql`): 18.16 has no window
 * functions and ranks by sorting an array of the rows' (fold key, pattern) pairs on one server,
 * which for 10,000,000 rows passed the 4 GB `max_memory_usage` (3.7 GiB when it stopped); a
 * larger table is ranked one range of fold keys at a time, each a query of about this many rows.
 */
export const CLICKHOUSE_RANK_ROWS = 1_000_000;

/**
 * The rows' (fine bins, outcome, rank mod `period`) patterns counted inside the database, and
 * the rows rebuilt from them. The m-th row of a class is a row of that class whose rank mod
 * `period` is m mod `period`, so every fold dealt by rank (`rankFolds`) holds the same rows as in
 * the database's fold-key order; and the first row of each pattern stands where it stands in that
 * order, so every pattern of a subset of the columns is met first in the same order (the fits
 * on distinct patterns then add in the same order). Which of the other rows of a pattern and
 * phase comes where cannot matter: they are the same row to discovery.
 *
 * What comes back per pattern is small: its fine bins and outcome as one short text (a
 * character per column, `packedCodesSql`), its rows, and its first row's rank in its class (its
 * phase is that rank mod `period`; the patterns come in the order of their first rows).
 * ClickHouse sends them per range of fold keys (`keyRanges`) once the table passes `rankRows`
 * rows, each range's ranks offset by the rows of its class in the ranges before it; a pattern
 * met in several ranges is added up here (`PatternGroups`), so the rows rebuilt are the same.
 */
export async function patternRows(
  source: SqlSource,
  rows: TableRows,
  bins: readonly { attr: CountedAttribute; fine: FineAttribute }[],
  classRows: readonly [number, number],
  period: number,
  rankRows = CLICKHOUSE_RANK_ROWS,
): Promise<PatternRows> {
  const { dialect } = source;
  const cells = bins.map((b, j) => `, ${b.attr.sql} AS x${j}`).join('');
  const widths = [...bins.map((b) => codeWidth(b.fine.bins.length)), 1];
  const codes = [...bins.map((b, j) => fineBinSql(dialect, b.attr, b.fine, `x${j}`)), 'y'];
  const packed = packedCodesSql(dialect, codes, widths);
  // PostgreSQL pulls a subquery up into its parent, pasting a cell's reading in at every WHEN
  // of its fine bins' CASE (a number's: a regular expression, up to 40 times a row); OFFSET 0
  // keeps the subquery, so each cell is read once a row.
  const fence = dialect === 'postgres' ? ' OFFSET 0' : '';
  const inner = (range: string) =>
    `SELECT y, h, ${packed} AS k FROM (SELECT ${rows.y} AS y, ${rows.foldKey} AS h${cells} FROM ${rows.from} WHERE ${rows.eligible}${range}${fence}) s`;
  const first = dialect === 'postgres' ? 'min(h COLLATE "C")' : 'min(h)';
  const counted = (ranked: string) =>
    `SELECT k, count(*) AS n, min(rc) AS r FROM ${ranked} GROUP BY k, rc % ${period} ORDER BY ${first}`;
  const ranges =
    dialect === 'clickhouse'
      ? keyRanges(rows.foldKey, (classRows[0] + classRows[1]) / rankRows)
      : [''];
  const groups = new PatternGroups(widths, period, ranges.length > 1);
  for (const range of ranges) {
    const ranked =
      dialect === 'clickhouse'
        ? clickHouseRankedSql(inner(range), groups.classRows)
        : `(SELECT y, h, k, ${classRankSql(dialect, 'h', 'y')} AS rc FROM (${inner(range)}) i) t`;
    // Each result is read into typed arrays and let go before the next comes.
    groups.add(await source.rows(counted(ranked)));
  }
  return groups.rows(classRows);
}

/**
 * `parts` (rounded up, at most 4,096) ranges of the fold key `h` (32 lower-case hex digits, so
 * byte order is the digits' order) as SQL to AND to a WHERE, in key order: bounds at the
 * multiples of 4,096 / parts among the keys' first three digits, near equal since md5 is
 * uniform. One range is the whole table (no condition).
 */
export function keyRanges(h: string, parts: number): string[] {
  const count = Math.min(4096, Math.max(1, Math.ceil(parts)));
  const bound = (i: number) =>
    `'${Math.floor((i * 4096) / count)
      .toString(16)
      .padStart(3, '0')}'`;
  return Array.from({ length: count }, (_, i) => {
    const lo = i > 0 ? ` AND ${h} >= ${bound(i)}` : '';
    const hi = i < count - 1 ? ` AND ${h} < ${bound(i + 1)}` : '';
    return lo + hi;
  });
}

/**
 * `inner`'s rows (y, h, k) with each one's rank in its class (`rc`, from 0) in fold-key order,
 * in ClickHouse 18, which has no window functions: each class's (h, k) pairs gathered into one
 * array, sorted (by h: keys are unique) and numbered with `arrayEnumerate`, plus `before`, the
 * rows of each class in the ranges of keys before `inner`'s.
 */
function clickHouseRankedSql(inner: string, before: readonly number[]): string {
  const [zero = 0, one = 0] = before;
  const offset = zero === 0 && one === 0 ? '' : ` + if(y = 1, ${one}, ${zero})`;
  return `(SELECT y, tupleElement(p, 1) AS h, tupleElement(p, 2) AS k, e - 1${offset} AS rc FROM (SELECT y, arraySort(groupArray(tuple(h, k))) AS ps FROM (${inner}) GROUP BY y) ARRAY JOIN ps AS p, arrayEnumerate(ps) AS e) t`;
}
