import {
  type FineAttribute,
  fineCategorical,
  fineNumeric,
} from '../../../core/binning/fine-bins.js';
import { IcpError } from '../../../core/errors/icp-error.js';
import { clickHouseDouble } from '../../../core/parse/clickhouse-sql.js';
import { inList, type SqlDialect } from '../../../core/parse/cell-sql.js';
import { classRankSql } from '../../../core/stats/hash-folds.js';
import type { SqlSource } from '../../../data/remote/sql-source.js';
import type { CountedAttribute, TableRows } from './table-columns.js';

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

/** The rows rebuilt from their counts: each row's outcome and fine bin per attribute. */
export interface PatternRows {
  readonly target: Uint8Array;
  readonly codes: readonly Int32Array[];
}

/**
 * The (fine bins, outcome, phase) patterns, numbered in the order of their first rows (their
 * rank among all rows), in typed arrays: at 10,000,000 rows an object per pattern would pass
 * Node's heap.
 */
interface Groups {
  /** Pattern g's fine bin of column j at g x columns + j. */
  readonly codes: Int32Array;
  readonly columns: number;
  readonly y: Uint8Array;
  /** Rows of each pattern not yet placed. */
  readonly left: Float64Array;
  /** Each pattern's first row's rank in its class, in fold-key order. */
  readonly classRank: Float64Array;
}

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
 */
export async function patternRows(
  source: SqlSource,
  rows: TableRows,
  bins: readonly { attr: CountedAttribute; fine: FineAttribute }[],
  classRows: readonly [number, number],
  period: number,
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
  const inner = `SELECT y, h, ${packed} AS k FROM (SELECT ${rows.y} AS y, ${rows.foldKey} AS h${cells} FROM ${rows.from} WHERE ${rows.eligible}${fence}) s`;
  const first = dialect === 'postgres' ? 'min(h COLLATE "C")' : 'min(h)';
  const found = await source.rows(
    `SELECT k, count(*) AS n, min(rc) AS r FROM ${rankedSql(dialect, inner)} GROUP BY k, rc % ${period} ORDER BY ${first}`,
  );
  const groups = readGroups(found, widths);
  // The rows as the database sent them are read: let them go before the rows are rebuilt.
  found.length = 0;
  const order = mergeClasses(
    [0, 1].map((y) => classSequence(groups, y, classRows[y] as number, period)),
    groups.classRank,
  );
  const { codes: all, columns, y } = groups;
  const target = Uint8Array.from(order, (g) => y[g] as number);
  const out = bins.map((_, j) => Int32Array.from(order, (g) => all[g * columns + j] as number));
  return { target, codes: out };
}

/** The patterns the database sent (`k` packed codes and outcome, `n` rows, `r` first class rank). */
function readGroups(found: readonly Record<string, unknown>[], widths: readonly number[]): Groups {
  const columns = widths.length - 1;
  const codes = new Int32Array(found.length * columns);
  const y = new Uint8Array(found.length);
  const left = new Float64Array(found.length);
  const classRank = new Float64Array(found.length);
  const one = new Int32Array(widths.length);
  found.forEach((r, g) => {
    unpackInto(String(r.k), widths, one);
    codes.set(one.subarray(0, columns), g * columns);
    y[g] = one[columns] as number;
    left[g] = Number(r.n);
    classRank[g] = Number(r.r);
  });
  return { codes, columns, y, left, classRank };
}

/**
 * `inner`'s rows (y, h, k) with each one's rank in its class (`rc`, from 0) in fold-key order:
 * `row_number()` where the engine has window functions; on ClickHouse 18, which has none, each
 * class's (h, k) pairs gathered into one array, sorted (by h: keys are unique) and numbered
 * with `arrayEnumerate`.
 */
function rankedSql(dialect: SqlDialect, inner: string): string {
  if (dialect !== 'clickhouse')
    return `(SELECT y, h, k, ${classRankSql(dialect, 'h', 'y')} AS rc FROM (${inner}) i) t`;
  return `(SELECT y, tupleElement(p, 1) AS h, tupleElement(p, 2) AS k, e - 1 AS rc FROM (SELECT y, arraySort(groupArray(tuple(h, k))) AS ps FROM (${inner}) GROUP BY y) ARRAY JOIN ps AS p, arrayEnumerate(ps) AS e) t`;
}

/** 62 characters, one per base-62 digit: a code is written in as many digits as its column needs. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base-62 digits a code of `bins` bins needs (codes 0 to bins - 1). */
function codeWidth(bins: number): number {
  let width = 1;
  for (let top = ALPHABET.length; top < bins; top *= ALPHABET.length) width++;
  return width;
}

/** SQL of one text holding the codes (SQL integers from 0), each in `widths` base-62 digits. */
export function packedCodesSql(
  dialect: SqlDialect,
  codes: readonly string[],
  widths: readonly number[],
): string {
  const letters = `[${[...ALPHABET].map((c) => `'${c}'`).join(', ')}]`;
  // Digit d of a code: its quotient by 62^d (integer division in each engine), mod 62.
  const digit = (x: string, d: number) => {
    const scale = ALPHABET.length ** d;
    if (dialect === 'clickhouse')
      return `arrayElement(${letters}, toUInt32(intDiv(${x}, ${scale}) % 62) + 1)`;
    const quotient =
      d === 0 ? `CAST(${x} AS INTEGER)` : `CAST(floor((${x}) / ${scale}) AS INTEGER)`;
    return `substr('${ALPHABET}', ${quotient} % 62 + 1, 1)`;
  };
  const parts = codes.flatMap((c, j) =>
    Array.from({ length: widths[j] as number }, (_, i) => digit(c, (widths[j] as number) - 1 - i)),
  );
  return parts.length === 1 ? (parts[0] as string) : `concat(${parts.join(', ')})`;
}

/** The codes in a text `packedCodesSql` wrote. */
export function unpackCodes(text: string, widths: readonly number[]): number[] {
  const out = new Int32Array(widths.length);
  unpackInto(text, widths, out);
  return [...out];
}

/** `unpackCodes` into `out` (one code per width). */
function unpackInto(text: string, widths: readonly number[], out: Int32Array): void {
  let at = 0;
  widths.forEach((w, j) => {
    let code = 0;
    for (let c = 0; c < w; c++) code = code * ALPHABET.length + ALPHABET.indexOf(text[at++] ?? '');
    out[j] = code;
  });
}

/**
 * One class's rows in rank order, as pattern numbers: a pattern's first row at its rank, every
 * other rank taking a row of a pattern of its phase already met (any: a later rank can take
 * whatever an earlier one could, so no choice blocks another). The class's patterns come in
 * the order of their first rows, so their first ranks rise: one pointer walks them.
 */
function classSequence(groups: Groups, y: number, n: number, period: number): Int32Array {
  const { classRank, left } = groups;
  const mine: number[] = [];
  for (let g = 0; g < groups.y.length; g++) if (groups.y[g] === y) mine.push(g);
  const met = Array.from({ length: period }, () => [] as number[]);
  const sequence = new Int32Array(n);
  let next = 0;
  for (let m = 0; m < n; m++) {
    const phase = met[m % period] as number[];
    let g = mine[next] as number;
    if (next < mine.length && classRank[g] === m) {
      next++;
      if ((left[g] as number) > 1) phase.push(g);
    } else {
      g = phase[phase.length - 1] ?? -1;
      if (g < 0)
        throw new IcpError('INTERNAL', `the pattern counts do not hold rank ${m} of class ${y}`);
      if (left[g] === 1) phase.pop();
    }
    left[g] = (left[g] as number) - 1;
    sequence[m] = g;
  }
  if (next < mine.length)
    throw new IcpError('INTERNAL', `the pattern counts of class ${y} are not in rank order`);
  return sequence;
}

/**
 * The two classes' sequences as one, each kept in order, the first rows of patterns in the
 * order of their ranks among all rows (a pattern's number; a row that is no pattern's first
 * goes just before the next first row of its class).
 */
function mergeClasses(sequences: readonly Int32Array[], classRank: Float64Array): Int32Array {
  const keyed = sequences.map((seq) => {
    const keys = new Float64Array(seq.length);
    let next = Number.POSITIVE_INFINITY;
    for (let m = seq.length - 1; m >= 0; m--) {
      const g = seq[m] as number;
      if (m === classRank[g]) next = g;
      keys[m] = next;
    }
    return keys;
  });
  const [a = new Int32Array(0), b = new Int32Array(0)] = sequences;
  const [ka = new Float64Array(0), kb = new Float64Array(0)] = keyed;
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let o = 0; o < out.length; o++) {
    if (j >= b.length || (i < a.length && (ka[i] as number) <= (kb[j] as number)))
      out[o] = a[i++] as number;
    else out[o] = b[j++] as number;
  }
  return out;
}
