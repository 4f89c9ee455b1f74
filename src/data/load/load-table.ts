import type { SourceConfig } from '../../core/config/schema.js';
import { type DataIssue, formatCount } from '../../core/issues/data-issue.js';
import { showValue } from '../../core/issues/value-display.js';
import { type TableName, tableSpec } from '../../core/model/canonical.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num, str } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import type { ResolvedColumns } from '../source/resolve-columns.js';
import { createParsedTable, readThroughCells } from './cell-dictionary.js';
import { chooseDateFormats } from './date-formats.js';
import { type ExtraColumn, typeExtras } from './extra-columns.js';
import { duplicateKeys, rowIssue } from './key-checks.js';
import { type ParsePass, parsePass, runChecks } from './parse-pass.js';
import { textExpr } from './parse-sql.js';
import { type StageMapping, stageKeyExpr, stageMapping } from './stage-mapping.js';
import { categoryColumns, likelySynonymIssues } from './synonym-check.js';
import { columnSynonyms, type Synonyms } from './synonyms.js';
import { extraValue, typedSelect } from './typed-select.js';
import { writeTypedTable } from './typed-table.js';

export type { ExtraColumn } from './extra-columns.js';
export { rowIssue };

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

export { SOURCE_ROW } from './typed-select.js';

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
  const issues: DataIssue[] = [];
  const stages = stageMapping(source);
  const dateFormats = await chooseDateFormats(db, raw, resolved, source, issues);
  const keep = input.accountFrom ? [input.accountFrom.column] : [];
  const pass = parsePass(name, resolved, { today, stages, dateFormats, keep });
  const parsedTable = quoteIdent(`_parsed_${name}`);
  const parsed = await createParsedTable(db, raw, pass, parsedTable);
  const cellTables = parsed.tables;
  const drop = async (tables: readonly string[]) => {
    for (const t of [...tables, ...cellTables]) await db.run(`DROP TABLE ${t}`);
    await db.run(`DROP ${parsed.view ? 'VIEW' : 'TABLE'} ${parsedTable}`);
  };
  issues.push(...(await rowIssues(db, raw, resolved, pass, parsedTable, stages)));
  if (issues.some((i) => i.severity === 'error')) {
    await drop([]);
    return { table: undefined, issues };
  }

  const extras = await typeExtras(db, raw, resolved, source, issues);
  const synonyms = columnSynonyms(name, source, resolved, extras);
  if (name === 'accounts') {
    const categories = categoryColumns(tableSpec(name), resolved, pass.exprs, extras, synonyms);
    issues.push(...(await likelySynonymIssues(db, raw, categories)));
  }
  const select = typedSelect(name, raw.rowBase, {
    resolved,
    aliases: pass.aliases,
    stages,
    extras: [],
    synonyms,
  });
  // The extra columns read through their distinct cells where they repeat (cell-dictionary.ts).
  const extraCells = await readThroughCells(
    db,
    // The raw rows' first rows, not the parsed table's (in no set order), tell repeating cells.
    { table: parsedTable, rows: raw.rows, stem: `${name}_extra`, sample: raw.rawTable },
    extras.map((x) => ({
      header: x.header,
      values: (cell) => [{ sql: extraValue(x, synonyms)(cell), as: quoteIdent(x.name) }],
    })),
  );
  cellTables.push(...extraCells.tables);
  select.push(...extraCells.select);
  let from = `${parsedTable} AS r ${extraCells.joins.join(' ')}`;
  if (input.accountFrom) {
    const { column, table, key } = input.accountFrom;
    from += ` LEFT JOIN ${quoteIdent(table)} AS via ON via.${quoteIdent(key)} = ${textExpr(`r.${quoteIdent(column)}`)}`;
    select.splice(1, 0, 'via.account_id AS account_id');
  }
  // A plain scan of rows in the file's order keeps it (DuckDB preserves insertion order); a
  // join, here or in the parse pass, needs the sort, which holds the whole table at once
  // (spilling beyond the memory limit).
  const sorted = !parsed.ordered || input.accountFrom !== undefined || extraCells.joins.length > 0;
  const query = `SELECT ${select.join(',\n  ')} FROM ${from}${sorted ? ' ORDER BY r.__icp_rid' : ''}`;
  // The columns whose cells do not repeat, by their name in the typed table.
  const unique = new Set([
    ...Object.entries(resolved.mapped).flatMap(([c, col]) =>
      parsed.perRow.includes(col.header) ? [c] : [],
    ),
    ...extras.flatMap((x) => (extraCells.perRow.includes(x.header) ? [x.name] : [])),
  ]);
  await writeTypedTable(db, name, query, unique);
  for (const sql of extraCells.cleanup) await db.run(sql);
  await drop([raw.rawTable]);
  const columns = input.accountFrom
    ? {
        ...resolved.mapped,
        account_id: { header: input.accountFrom.column, scale: 1, guessed: false },
      }
    : resolved.mapped;
  const table = { name, file: source.path, format: raw.format, rows: raw.rows, columns };
  return { table: { ...table, extras, dateFormats, synonyms }, issues };
}

/** The issues of the rows: every row check, duplicate keys, and stages taken as open. */
async function rowIssues(
  db: Database,
  raw: RawSource,
  resolved: ResolvedColumns,
  pass: ParsePass,
  parsedTable: string,
  stages: StageMapping,
): Promise<DataIssue[]> {
  const issues = await runChecks(db, raw, pass.checks, parsedTable);
  const spec = tableSpec(raw.table as TableName);
  if (spec.key && resolved.mapped[spec.key]) {
    const key = pass.aliases[spec.key];
    // The parsed table holds each id's text already, and each row's place in the file.
    const parsed = { ...raw, rawTable: parsedTable };
    if (key)
      issues.push(
        ...(await duplicateKeys(
          db,
          parsed,
          raw.table,
          resolved.mapped[spec.key]!.header,
          `r.${key.text}`,
          'r.__icp_rid',
        )),
      );
  }
  const stage = pass.exprs.stage;
  if (stage && stages.open === undefined) {
    const guess = await guessedOpenStages(db, raw, stage.text, [...stages.won, ...stages.lost]);
    if (guess) issues.push(guess);
  }
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
