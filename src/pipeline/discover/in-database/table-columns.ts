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
 * One column's distinct cells (trimmed text, `textSql`) with their rows and the first row of
 * each in fold-key order, counted inside the database (one GROUP BY), then typed here as
 * `discover --data` types a file's column: yes/no when every filled cell is a yes-or-no
 * spelling (a category), a number when every filled cell but a tolerated few reads as one
 * (`TOLERANCE`; the others read as missing), else a category. Dates and lists stay categories.
 */
export async function countAttribute(
  source: SqlSource,
  rows: TableRows,
  column: string,
): Promise<CountedAttribute> {
  const text = textSql(source.dialect, quoteIdent(column));
  const cells = (
    await source.rows(
      `SELECT v, count(*) AS n, min(h${source.dialect === 'postgres' ? ' COLLATE "C"' : ''}) AS f FROM (SELECT ${text} AS v, ${rows.foldKey} AS h FROM ${rows.from} WHERE ${rows.eligible}) s GROUP BY v`,
    )
  ).map((r) => ({ v: r.v === null ? null : String(r.v), n: Number(r.n), f: String(r.f) }));
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
  // First seen first, as a file's rows in fold-key order meet them.
  const filledCells = cells.filter((c) => c.v !== null).sort((a, b) => (a.f < b.f ? -1 : 1));
  const values = filledCells.map((c) => c.v as string);
  return {
    name: column,
    kind: 'categorical',
    sql: text,
    counted: {
      kind: 'categorical',
      counted: {
        values,
        counts: filledCells.map((c) => c.n),
        ids: Int32Array.from(values, (_, i) => i),
      },
    },
    unreadable: 0,
    filled,
  };
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
