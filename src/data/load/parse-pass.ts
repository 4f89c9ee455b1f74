import type { DataIssue } from '../../core/issues/data-issue.js';
import { type CanonicalColumn, type TableName, tableSpec } from '../../core/model/canonical.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num, str } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import type { ResolvedColumn, ResolvedColumns } from '../source/resolve-columns.js';
import { type ColumnExprs, columnChecks, type RowCheck } from './column-checks.js';
import { rowIssue } from './key-checks.js';
import { dateExpr, numberExpr, rowTextExpr, textExpr } from './parse-sql.js';
import type { StageMapping } from './stage-mapping.js';
import { epochDateExpr, unitChecks } from './unit-sql.js';
import { intervalMonths } from '../../core/model/billing-interval.js';

/**
 * The parse pass of one table. Each column is trimmed and parsed once, into a temporary table
 * that the checks and the typed table read: DuckDB evaluates an expression again in each
 * aggregate FILTER, and the parsing expressions are too long to run sixty times a row.
 */
export interface ParsePass {
  /** Per canonical column: its text and parsed SQL over the raw row `r`. */
  readonly exprs: Readonly<Record<string, ColumnExprs>>;
  /** Per canonical column: the columns of the parsed table holding its text and parsed value. */
  readonly aliases: Readonly<Record<string, ColumnExprs>>;
  /**
   * The raw headers the parsed table carries as they are, read later by header
   * (`rawColumnsKept`); its rowid (`__icp_rid`) and the mapped columns (from `cells`) follow.
   */
  readonly kept: readonly string[];
  /** Every row check, over the parsed table's columns. */
  readonly checks: readonly RowCheck[];
  /**
   * The mapped columns in the SELECT's order: the raw header, the parsed table's columns, and
   * the text and parsed SQL over any cell (`cell` a SQL expression), to read distinct cells once.
   */
  readonly cells: readonly ParsedCells[];
}

/** One mapped column of the parse pass, for reading its distinct cells once (cell-dictionary.ts). */
export interface ParsedCells {
  readonly header: string;
  readonly alias: ColumnExprs;
  readonly exprs: (cell: string) => ColumnExprs;
  /**
   * A number's or a date's parsed SQL over a column already holding its text (`textExpr`'s
   * value): read per row, the text is computed once in an inner projection and parsed from
   * there (cell-dictionary.ts), not repeated inside the parsing's CASE. Absent for text columns.
   */
  readonly parse?: (text: string) => string;
}

export interface ParseContext {
  readonly today: string;
  readonly stages: StageMapping;
  /** strftime formats per date column, when not ISO. */
  readonly dateFormats: Readonly<Record<string, readonly string[]>>;
  /** Raw headers the typed table reads besides the mapped columns (`account_from`'s column). */
  readonly keep?: readonly string[];
}

export function parsePass(
  name: TableName,
  resolved: ResolvedColumns,
  context: ParseContext,
): ParsePass {
  const spec = tableSpec(name);
  const exprs: Record<string, ColumnExprs> = {};
  const aliases: Record<string, ColumnExprs> = {};
  const kept = rawColumnsKept(resolved, context.keep ?? []);
  const checks: RowCheck[] = [];
  const cells: ParsedCells[] = [];
  for (const [canonical, col] of Object.entries(resolved.mapped)) {
    const colSpec = spec.columns[canonical];
    if (!colSpec) continue;
    const parse = (text: string) =>
      parsedExpr(colSpec, col, text, context.dateFormats[canonical] ?? []);
    const cellExprs = (cell: string): ColumnExprs => {
      const t = textExpr(cell);
      const parsed = parse(t);
      // A text column's cell is read by the shorter test (ids, once per row); a number's or a
      // date's parsing repeats its text, which DuckDB then computes once only in this form.
      if (parsed !== t) return { text: t, parsed };
      const row = rowTextExpr(cell);
      return { text: row, parsed: row };
    };
    const { text, parsed } = cellExprs(`r.${quoteIdent(col.header)}`);
    exprs[canonical] = { text, parsed };
    const k = Object.keys(aliases).length;
    // A text column's parsed value is its text: one column holds both.
    const same = parsed === text;
    aliases[canonical] = { text: `__icp_t${k}`, parsed: same ? `__icp_t${k}` : `__icp_p${k}` };
    cells.push({
      header: col.header,
      alias: aliases[canonical],
      exprs: cellExprs,
      ...(same ? {} : { parse }),
    });
    checks.push(
      ...columnChecks(name, col.header, colSpec, aliases[canonical], {
        today: context.today,
        stages: context.stages,
        isKey: spec.key === canonical,
        canonical,
      }),
      ...unitChecks(col, 'r', name),
    );
  }
  checks.push(...dateOrderChecks(name, resolved, aliases));
  return { exprs, aliases, kept, checks, cells };
}

/**
 * The raw columns the parsed table carries: those read by header after the parse pass (extra
 * attributes, a unit's interval and quantity columns, `keep`). The mapped columns enter only
 * parsed, so a large file's text is not copied once more.
 */
function rawColumnsKept(resolved: ResolvedColumns, keep: readonly string[]): string[] {
  const kept = new Set([...resolved.extras, ...keep]);
  for (const col of Object.values(resolved.mapped)) {
    if (col.per !== undefined && intervalMonths(col.per) === undefined) kept.add(col.per);
    if (col.quantity !== undefined) kept.add(col.quantity);
  }
  return [...kept];
}

/** The SQL value of a cell as its canonical type: a number, a date, or the trimmed text. */
function parsedExpr(
  colSpec: CanonicalColumn,
  col: ResolvedColumn,
  text: string,
  dateFormats: readonly string[],
): string {
  if (colSpec.type === 'number' || colSpec.type === 'integer') return numberExpr(text);
  if (colSpec.type === 'date')
    return col.epoch ? epochDateExpr(text, col.epoch) : dateExpr(text, dateFormats);
  return text;
}

/** A later date of a pair (closed after created) must not come before the earlier one. */
function dateOrderChecks(
  name: TableName,
  resolved: ResolvedColumns,
  aliases: Readonly<Record<string, ColumnExprs>>,
): RowCheck[] {
  const checks: RowCheck[] = [];
  for (const [earlier, later] of tableSpec(name).dateOrder ?? []) {
    const a = aliases[earlier];
    const b = aliases[later];
    const ha = resolved.mapped[earlier]?.header;
    const hb = resolved.mapped[later]?.header;
    if (!a || !b || !ha || !hb) continue;
    checks.push({
      code: 'date_order',
      severity: 'error',
      column: hb,
      when: `${b.parsed} < ${a.parsed}`,
      show: `CAST(${b.parsed} AS VARCHAR) || ' < ' || CAST(${a.parsed} AS VARCHAR)`,
      describe: (v) => {
        const [late, early] = v.split(' < ');
        return `${late} is before "${ha}" ${early}, which cannot be. Correct one of the two dates.`;
      },
    });
  }
  return checks;
}

/** Every check in one scan of `parsed` (the raw rows with `__icp_rid` and the parsed columns). */
export async function runChecks(
  db: Database,
  raw: RawSource,
  checks: readonly RowCheck[],
  parsed: string,
): Promise<DataIssue[]> {
  if (checks.length === 0) return [];
  const parts = checks.flatMap((c, i) => [
    `count(*) FILTER (WHERE ${c.when}) AS n${i}`,
    `min(__icp_rid) FILTER (WHERE ${c.when}) AS r${i}`,
    `arg_min(${c.show}, __icp_rid) FILTER (WHERE ${c.when}) AS v${i}`,
  ]);
  const row = (await db.one(`SELECT ${parts.join(', ')} FROM ${parsed} AS r`)) ?? {};
  const issues: DataIssue[] = [];
  checks.forEach((c, i) => {
    const count = num(row[`n${i}`]);
    if (!(count > 0)) return;
    const at = num(row[`r${i}`]) + raw.rowBase;
    const value = str(row[`v${i}`]) ?? '';
    issues.push(rowIssue(raw, c.code, c.severity, at, c.column, value, count, c.describe(value)));
  });
  return issues;
}
