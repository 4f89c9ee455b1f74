import type { ColumnCounts } from '../../../core/binning/column-counts.js';
import { parseBoolean, parseNumberText } from '../../../core/parse/cell.js';
import { numberSql, textSql } from '../../../core/parse/cell-sql.js';
import { quoteIdent } from '../../../core/sql/quote.js';
import { tolerated } from '../../../data/load/infer-types.js';
import type { SqlSource } from '../../../data/remote/sql-source.js';

/** The rows discovery learns from, as SQL over one table. */
export interface TableRows {
  /** The table, quoted. */
  readonly from: string;
  /** The condition of a row with a target. */
  readonly eligible: string;
  /** 1 when the row's target is positive, else 0. */
  readonly y: string;
  /** The row's fold key (`foldKeySql`). */
  readonly foldKey: string;
}

/** A column as discovery sees it: its kind, its cells' SQL and its distinct values with their rows. */
export interface CountedAttribute {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** The cell as discovery reads it: trimmed text, or the number it reads as (`numberSql`). */
  readonly sql: string;
  readonly counted: ColumnCounts;
  /** Filled cells that are not numbers in a numeric column, read as missing. */
  readonly unreadable: number;
  readonly filled: number;
}

/**
 * One column's distinct cells (trimmed text, `textSql`) with their rows, counted inside the
 * database (one GROUP BY), then typed here as `discover --data` types a file's column: yes/no
 * when every filled cell is a yes-or-no spelling (a category), a number when every filled cell
 * but a tolerated few reads as one (`TOLERANCE`; the others read as missing), else a category.
 * Dates and lists stay categories. A category's values come in byte order of their text here;
 * `firstSeen` puts a usable one's in the order the rows meet them.
 */
export async function countAttribute(
  source: SqlSource,
  rows: TableRows,
  column: string,
): Promise<CountedAttribute> {
  const text = textSql(source.dialect, quoteIdent(column));
  const cells = (
    await source.rows(
      `SELECT v, count(*) AS n FROM (SELECT ${text} AS v FROM ${rows.from} WHERE ${rows.eligible}) s GROUP BY v`,
    )
  ).map((r) => ({ v: r.v === null ? null : String(r.v), n: Number(r.n) }));
  let filled = 0;
  let notBoolean = 0;
  let notNumber = 0;
  for (const c of cells) {
    if (c.v === null) continue;
    filled += c.n;
    if (parseBoolean(c.v) === null) notBoolean += c.n;
    if (Number.isNaN(parseNumberText(c.v))) notNumber += c.n;
  }
  const numeric = filled > 0 && notBoolean > 0 && tolerated(notNumber, filled);
  if (numeric)
    return {
      name: column,
      kind: 'numeric',
      sql: numberSql(source.dialect, text),
      counted: { kind: 'numeric', counted: numericCounts(cells) },
      unreadable: notNumber,
      filled,
    };
  const filledCells = cells
    .flatMap((c) => (c.v === null ? [] : [{ v: c.v, n: c.n }]))
    .sort((a, b) => byBytes(a.v, b.v));
  return {
    name: column,
    kind: 'categorical',
    sql: text,
    counted: categoryCounts(filledCells),
    unreadable: 0,
    filled,
  };
}

/**
 * The categorical attributes among `attrs` with their values in the order the rows meet them in
 * fold-key order, as a file's rows in that order meet them (the fine bins number the levels in
 * that order): the first row of each value, asked for all of them in one query (a UNION ALL of
 * one GROUP BY per column). The other attributes come back as they are.
 */
export async function firstSeen(
  source: SqlSource,
  rows: TableRows,
  attrs: readonly CountedAttribute[],
): Promise<CountedAttribute[]> {
  const asked = attrs.flatMap((a, j) => (a.counted.kind === 'categorical' ? [j] : []));
  if (asked.length === 0) return [...attrs];
  const first = source.dialect === 'postgres' ? 'min(h COLLATE "C")' : 'min(h)';
  const found = await source.rows(
    asked
      .map(
        (j) =>
          `SELECT ${j} AS j, v, ${first} AS f FROM (SELECT ${(attrs[j] as CountedAttribute).sql} AS v, ${rows.foldKey} AS h FROM ${rows.from} WHERE ${rows.eligible}) s WHERE v IS NOT NULL GROUP BY v`,
      )
      .join(' UNION ALL '),
  );
  const firstOf = new Map(found.map((r) => [`${Number(r.j)}\u0000${String(r.v)}`, String(r.f)]));
  return attrs.map((a, j) => {
    if (a.counted.kind !== 'categorical') return a;
    const { values, counts } = a.counted.counted;
    const f = (i: number) => firstOf.get(`${j}\u0000${values[i]}`) ?? '';
    const order = values.map((_, i) => i).sort((p, q) => byBytes(f(p), f(q)));
    return {
      ...a,
      counted: categoryCounts(
        order.map((i) => ({ v: values[i] as string, n: counts[i] as number })),
      ),
    };
  });
}

function categoryCounts(cells: readonly { v: string; n: number }[]) {
  const values = cells.map((c) => c.v);
  return {
    kind: 'categorical' as const,
    counted: {
      values,
      counts: cells.map((c) => c.n),
      ids: Int32Array.from(values, (_, i) => i),
    },
  };
}

/** Byte order of two texts for the fold keys' hex digits and the values' sort (code units). */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The sorted distinct numbers of a column's cells with their rows (`numericCounts` of the rows):
 * cells spelling one number ("1.0", "1") are one value; -0 and 0 are one, shown as -0 when a
 * cell holds -0.
 */
function numericCounts(cells: readonly { v: string | null; n: number }[]) {
  const rows = new Map<number, number>();
  let negativeZero = false;
  for (const c of cells) {
    if (c.v === null) continue;
    const x = parseNumberText(c.v);
    if (Number.isNaN(x)) continue;
    if (x === 0 && 1 / x < 0) negativeZero = true;
    const k = x === 0 ? 0 : x;
    rows.set(k, (rows.get(k) ?? 0) + c.n);
  }
  const distinct = [...rows.keys()].sort((a, b) => a - b);
  return {
    distinct: distinct.map((v) => (v === 0 && negativeZero ? -0 : v)),
    counts: distinct.map((v) => rows.get(v) as number),
  };
}
