import { type DataIssue, formatCount } from '../../core/issues/data-issue.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num } from '../db/database.js';
import type { LoadedTable } from './load-table.js';
import { SOURCE_ROW } from './typed-select.js';

/** The money columns that customer value adds up: one absurd cell in them outweighs the rest. */
const MONEY = ['amount', 'mrr'] as const;

/** How many times the next largest amount the largest must be to be flagged. */
export const OUTLIER_RATIO = 1000;

/** Fewer positive amounts than this and a column is not judged: two invoices can differ 1000x. */
export const OUTLIER_MIN_ROWS = 20;

/**
 * A warning per money column whose largest amount is at least `OUTLIER_RATIO` times the next
 * largest: a typo (a digit too many, cents written as units, `1e35`) that customer value would
 * count as given, so one row would outweigh every other customer. On the public sets and the
 * generated company the largest amount is 1.0 to 1.03 times the next (Maven's deals, RavenStack's
 * subscriptions, Telco's charges, a million generated invoices). One aggregate per column, a
 * top-two and an arg-max (0.3 CPU-s over the 11,176,168 invoices of the 1,000,000-account
 * company); only positive amounts count. The rows stay, as they are.
 */
export async function amountOutliers(
  db: Database,
  tables: ReadonlyMap<string, LoadedTable>,
): Promise<DataIssue[]> {
  const issues: DataIssue[] = [];
  for (const t of tables.values()) {
    for (const column of MONEY) {
      const spec = t.columns[column];
      if (!spec) continue;
      const x = quoteIdent(column);
      const row = await db.one(
        `SELECT count(*) AS n, max(${x}, 2) AS top, arg_max(${SOURCE_ROW}, ${x}) AS at FROM ${quoteIdent(t.name)} WHERE ${x} > 0 AND isfinite(${x})`,
      );
      const n = num(row?.n);
      const top = (Array.isArray(row?.top) ? row.top : []).map((v) => num(v));
      const [largest = 0, next = 0] = top;
      if (n < OUTLIER_MIN_ROWS || largest < OUTLIER_RATIO * next) continue;
      const at = num(row?.at);
      const value = showAmount(largest);
      issues.push({
        severity: 'warning',
        code: 'outlier',
        table: t.name,
        file: t.file,
        row: at,
        column: spec.header,
        value,
        count: 1,
        message: `${t.file} row ${formatCount(at)}, column "${spec.header}": ${value} is ${showRatio(largest / next)} times the next largest (${showAmount(next)}) of ${formatCount(n)} amounts, so this one row outweighs every other in customer value. Correct it if it is a typo (a digit too many, cents written as units, a misplaced decimal mark), or remove the row; it is counted as given.`,
      });
    }
  }
  return issues;
}

/** An amount as a message shows it: with thousands separators, or as 1e+35 when huge. */
function showAmount(x: number): string {
  return Math.abs(x) < 1e15 ? x.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(x);
}

/** The ratio rounded down ("1,240"), or "over a trillion". */
function showRatio(r: number): string {
  return r >= 1e12 ? 'over a trillion' : formatCount(Math.floor(r));
}
