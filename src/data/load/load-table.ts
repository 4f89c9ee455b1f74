import type { SourceConfig } from '../../core/config/schema.js';
import { type DataIssue, formatCount } from '../../core/issues/data-issue.js';
import { showValue } from '../../core/issues/value-display.js';
import { type TableName, tableSpec } from '../../core/model/canonical.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num, str } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import type { ResolvedColumns } from '../source/resolve-columns.js';
import { type ColumnExprs, columnChecks, type RowCheck } from './column-checks.js';
import { chooseDateFormats } from './date-formats.js';
import { type ExtraColumn, typeExtras } from './extra-columns.js';
import { dateExpr, numberExpr, textExpr } from './parse-sql.js';
import { stageKeyExpr, stageMapping } from './stage-mapping.js';
import { applyUnits, epochDateExpr, unitChecks } from './unit-sql.js';
import { categoryColumns, likelySynonymIssues } from './synonym-check.js';
import { columnSynonyms, type Synonyms, synonymSql } from './synonyms.js';
import { duplicateKeys, rowIssue } from './key-checks.js';

export { rowIssue };

export type { ExtraColumn } from './extra-columns.js';

/** A canonical table loaded into DuckDB under its canonical name. */
export interface LoadedTable {
  readonly name: TableName;
  readonly file: string;
  readonly format: RawSource['format'];
  readonly rows: number;
  readonly columns: ResolvedColumns['mapped'];
  readonly extras: readonly ExtraColumn[];
  /** strftime formats used per date column, when not ISO. */
  readonly dateFormats: Readonly<Record<string, readonly string[]>>;
  /** The config's `values:` spellings per category column (applied: the table holds the labels). */
  readonly synonyms: Synonyms;
}

/** The column holding each row's place in its file (header = row 1), for messages. */
export const SOURCE_ROW = '_source_row';

interface LoadTableInput {
  readonly db: Database;
  readonly raw: RawSource;
  readonly source: SourceConfig;
  readonly resolved: ResolvedColumns;
  readonly today: string;
  /** For `account_from`: the loaded table and key column to take account_id from. */
  readonly accountFrom?: { column: string; table: string; key: string };
}

/**
 * Validates one raw source and, when it has no errors, creates the typed canonical table.
 * Every row check runs in a single scan of the raw table.
 */
export async function loadTable(
  input: LoadTableInput,
): Promise<{ table: LoadedTable | undefined; issues: DataIssue[] }> {
  const { db, raw, source, resolved, today } = input;
  const name = raw.table as TableName;
  const spec = tableSpec(name);
  const file = source.path;
  const issues: DataIssue[] = [];
  const stages = stageMapping(source);
  const dateFormats = await chooseDateFormats(db, raw, resolved, source, issues);

  const exprs: Record<string, ColumnExprs> = {};
  // Each column is trimmed and parsed once, into a temporary table that the checks and the
  // typed table read: DuckDB evaluates an expression again in each aggregate FILTER, and the
  // parsing expressions are too long to run sixty times a row.
  const aliases: Record<string, ColumnExprs> = {};
  const inner: string[] = ['r.*', 'r.rowid AS __icp_rid'];
  const parsedTable = quoteIdent(`_parsed_${name}`);
  const checks: RowCheck[] = [];
  for (const [canonical, col] of Object.entries(resolved.mapped)) {
    const colSpec = spec.columns[canonical];
    if (!colSpec) continue;
    const text = textExpr(`r.${quoteIdent(col.header)}`);
    const parsed =
      colSpec.type === 'number' || colSpec.type === 'integer'
        ? numberExpr(text)
        : colSpec.type === 'date'
          ? col.epoch
            ? epochDateExpr(text, col.epoch)
            : dateExpr(text, dateFormats[canonical] ?? [])
          : text;
    exprs[canonical] = { text, parsed };
    const k = Object.keys(aliases).length;
    inner.push(`${text} AS __icp_t${k}`, `${parsed} AS __icp_p${k}`);
    aliases[canonical] = { text: `__icp_t${k}`, parsed: `__icp_p${k}` };
    checks.push(
      ...columnChecks(name, col.header, colSpec, aliases[canonical], {
        today,
        stages,
        isKey: spec.key === canonical,
        canonical,
      }),
      ...unitChecks(col, 'r', name),
    );
  }
  for (const [earlier, later] of spec.dateOrder ?? []) {
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

  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${parsedTable} AS SELECT ${inner.join(', ')} FROM ${raw.rawTable} AS r`,
  );
  issues.push(...(await runChecks(db, raw, checks, parsedTable)));
  if (spec.key && resolved.mapped[spec.key]) {
    const key = exprs[spec.key];
    if (key)
      issues.push(
        ...(await duplicateKeys(db, raw, name, resolved.mapped[spec.key]!.header, key.text)),
      );
  }
  if (exprs.stage && stages.open === undefined) {
    const guess = await guessedOpenStages(db, raw, exprs.stage.text, [
      ...stages.won,
      ...stages.lost,
    ]);
    if (guess) issues.push(guess);
  }
  if (issues.some((i) => i.severity === 'error')) {
    await db.run(`DROP TABLE ${parsedTable}`);
    return { table: undefined, issues };
  }

  const extras = await typeExtras(db, raw, resolved, source, issues);
  const synonyms = columnSynonyms(name, source, resolved, extras);
  if (name === 'accounts') {
    const categories = categoryColumns(spec, resolved, exprs, extras, synonyms);
    issues.push(...(await likelySynonymIssues(db, raw, categories)));
  }
  const select: string[] = [`CAST(r.__icp_rid + ${raw.rowBase} AS BIGINT) AS ${SOURCE_ROW}`];
  for (const [canonical, col] of Object.entries(resolved.mapped)) {
    const alias = aliases[canonical];
    const e = alias && { text: `r.${alias.text}`, parsed: `r.${alias.parsed}` };
    const colSpec = spec.columns[canonical];
    if (!e || !colSpec) continue;
    const id = quoteIdent(canonical);
    switch (colSpec.type) {
      case 'number':
        select.push(`${applyUnits(e.parsed, col, 'r')} AS ${id}`);
        break;
      case 'integer':
        select.push(`CAST(${applyUnits(e.parsed, col, 'r')} AS BIGINT) AS ${id}`);
        break;
      case 'stage': {
        const k = stageKeyExpr(e.text);
        const list = (xs: readonly string[]) => xs.map(quoteLiteral).join(', ') || 'NULL';
        select.push(
          `CASE WHEN ${e.text} IS NULL THEN NULL WHEN ${k} IN (${list(stages.won)}) THEN 'won' WHEN ${k} IN (${list(stages.lost)}) THEN 'lost' ELSE 'open' END AS ${id}`,
          `${e.text} AS stage_label`,
        );
        break;
      }
      default:
        select.push(`${synonymSql(e.parsed, synonyms.get(canonical))} AS ${id}`);
    }
  }
  for (const x of extras) {
    const t = textExpr(`r.${quoteIdent(x.header)}`);
    const value = x.type === 'number' ? numberExpr(t) : synonymSql(t, synonyms.get(x.name));
    select.push(`${value} AS ${quoteIdent(x.name)}`);
  }
  let from = `${parsedTable} AS r`;
  if (input.accountFrom) {
    const { column, table, key } = input.accountFrom;
    from += ` LEFT JOIN ${quoteIdent(table)} AS via ON via.${quoteIdent(key)} = ${textExpr(`r.${quoteIdent(column)}`)}`;
    select.splice(1, 0, 'via.account_id AS account_id');
  }
  // A plain scan keeps the file's order (DuckDB preserves insertion order); only the join of
  // account_from needs the sort, which would hold the whole table in memory at once.
  await db.run(
    `CREATE OR REPLACE TABLE ${quoteIdent(name)} AS SELECT ${select.join(',\n  ')} FROM ${from}${input.accountFrom ? ' ORDER BY r.__icp_rid' : ''}`,
  );
  await db.run(`DROP TABLE ${raw.rawTable}`);
  await db.run(`DROP TABLE ${parsedTable}`);
  return {
    table: {
      name,
      file,
      format: raw.format,
      rows: raw.rows,
      columns: input.accountFrom
        ? {
            ...resolved.mapped,
            account_id: { header: input.accountFrom.column, scale: 1, guessed: false },
          }
        : resolved.mapped,
      extras,
      dateFormats,
      synonyms,
    },
    issues,
  };
}

/** Every check in one scan of `parsed` (the raw rows with `__icp_rid` and the parsed columns). */
async function runChecks(
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

async function guessedOpenStages(
  db: Database,
  raw: RawSource,
  text: string,
  closed: readonly string[],
): Promise<DataIssue | undefined> {
  const closedList = closed.map(quoteLiteral).join(', ');
  const rows = await db.all(
    `SELECT ${text} AS v, count(*) AS n FROM ${raw.rawTable} AS r WHERE ${text} IS NOT NULL AND ${stageKeyExpr(text)} NOT IN (${closedList}) GROUP BY 1 ORDER BY n DESC, v`,
  );
  if (rows.length === 0) return undefined;
  const file = raw.file;
  const listed = rows
    .map((r) => `${showValue(str(r.v) ?? '')} (${formatCount(num(r.n))})`)
    .join(', ');
  const total = rows.reduce((s, r) => s + num(r.n), 0);
  return {
    severity: 'warning',
    code: 'stage_guess',
    table: raw.table,
    file,
    count: total,
    message: `${file}: stage values ${listed} are neither won nor lost and were taken as open. To be explicit, list them under sources.${raw.table}.values.stage.open.`,
  };
}
