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
    byBin.set(b, [...(byBin.get(b) ?? []), v]);
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

/** Rows of one (fine bins, outcome, phase) pattern: their count and where the first of them is. */
interface Group {
  readonly codes: readonly number[];
  readonly y: number;
  left: number;
  /** The first row's rank in its class, in fold-key order. */
  readonly classRank: number;
  /** The pattern's place among all patterns, by its first row in fold-key order. */
  readonly rank: number;
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
  const groups: Group[] = found.map((r, rank) => {
    const all = unpackCodes(String(r.k), widths);
    return {
      codes: all.slice(0, bins.length),
      y: all[bins.length] as number,
      left: Number(r.n),
      classRank: Number(r.r),
      rank,
    };
  });
  const order = mergeClasses(
    [0, 1].map((y) => classSequence(groups, y, classRows[y] as number, period)),
  );
  const target = Uint8Array.from(order, (g) => g.y);
  const out = bins.map((_, j) => Int32Array.from(order, (g) => g.codes[j] as number));
  return { target, codes: out };
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
  const out: number[] = [];
  let at = 0;
  for (const w of widths) {
    let code = 0;
    for (let c = 0; c < w; c++) code = code * ALPHABET.length + ALPHABET.indexOf(text[at++] ?? '');
    out.push(code);
  }
  return out;
}

/**
 * One class's rows in rank order: a pattern's first row at its rank, every other rank taking
 * a row of a pattern of its phase already met (any: a later rank can take whatever an earlier
 * one could, so no choice blocks another).
 */
function classSequence(groups: readonly Group[], y: number, n: number, period: number): Group[] {
  const firstAt = new Map<number, Group>();
  for (const g of groups) if (g.y === y) firstAt.set(g.classRank, g);
  const met = Array.from({ length: period }, () => [] as Group[]);
  const sequence: Group[] = [];
  for (let m = 0; m < n; m++) {
    const phase = met[m % period] as Group[];
    let g = firstAt.get(m);
    if (g) {
      if (g.left > 1) phase.push(g);
    } else {
      g = phase[phase.length - 1];
      if (!g)
        throw new IcpError('INTERNAL', `the pattern counts do not hold rank ${m} of class ${y}`);
      if (g.left === 1) phase.pop();
    }
    g.left--;
    sequence.push(g);
  }
  return sequence;
}

/**
 * The two classes' sequences as one, each kept in order, the first rows of patterns in the
 * order of their ranks among all rows (a row that is no pattern's first goes just before the
 * next first row of its class).
 */
function mergeClasses(sequences: readonly Group[][]): Group[] {
  const keyed = sequences.map((seq) => {
    const keys = new Float64Array(seq.length).fill(Number.POSITIVE_INFINITY);
    let next = Number.POSITIVE_INFINITY;
    for (let m = seq.length - 1; m >= 0; m--) {
      const g = seq[m] as Group;
      if (m === g.classRank) next = g.rank;
      keys[m] = next;
    }
    return keys;
  });
  const [a = [], b = []] = sequences;
  const [ka = new Float64Array(0), kb = new Float64Array(0)] = keyed;
  const out: Group[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (ka[i] as number) <= (kb[j] as number)))
      out.push(a[i++] as Group);
    else out.push(b[j++] as Group);
  }
  return out;
}
