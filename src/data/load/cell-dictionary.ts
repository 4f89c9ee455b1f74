import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import type { ParsePass } from './parse-pass.js';

/**
 * A column is read through its distinct cells when it has at most this share of the table's
 * rows as distinct cells: a date, a category or an account id repeats its cells, and trimming
 * and parsing each distinct cell once, then joining the rows to them, is cheaper than reading
 * every cell. A column of unique cells (the table's own ids) would only add the join.
 */
const DICTIONARY_SHARE = 0.25;

/** Rows read to estimate a column's share of distinct cells. */
const SAMPLE_ROWS = 65_536;

/**
 * Creates the parse pass's table `parsed` (see parse-pass.ts) from the raw rows: each mapped
 * column's text and parsed value read once per distinct cell where its cells repeat, joined back
 * to the rows (NULL cells included, so the values are the ones the per-row SQL gives), the rows
 * in the file's order. Returns the cell tables to drop once the parsed table is no longer read.
 */
export async function createParsedTable(
  db: Database,
  raw: RawSource,
  pass: ParsePass,
  parsed: string,
): Promise<string[]> {
  const shared = await repeatedColumns(db, raw, pass);
  const select = [...pass.kept];
  const joins: string[] = [];
  const dictionaries: string[] = [];
  for (const [i, c] of pass.cells.entries()) {
    const same = c.alias.text === c.alias.parsed;
    if (!shared.has(i)) {
      const e = c.exprs(`r.${quoteIdent(c.header)}`);
      select.push(
        `${e.text} AS ${c.alias.text}`,
        ...(same ? [] : [`${e.parsed} AS ${c.alias.parsed}`]),
      );
      continue;
    }
    const table = quoteIdent(`_cells_${raw.table}_${i}`);
    const e = c.exprs('c.k');
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT k, ${e.text} AS t${same ? '' : `, ${e.parsed} AS p`} FROM (SELECT DISTINCT ${quoteIdent(c.header)} AS k FROM ${raw.rawTable}) AS c`,
    );
    dictionaries.push(table);
    const d = `d${i}`;
    joins.push(
      `LEFT JOIN ${table} AS ${d} ON ${d}.k IS NOT DISTINCT FROM r.${quoteIdent(c.header)}`,
    );
    select.push(`${d}.t AS ${c.alias.text}`, ...(same ? [] : [`${d}.p AS ${c.alias.parsed}`]));
  }
  // A join does not keep the raw rows' order, which the typed table and its messages need.
  const order = joins.length > 0 ? ' ORDER BY r.rowid' : '';
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${parsed} AS SELECT ${select.join(', ')} FROM ${raw.rawTable} AS r ${joins.join(' ')}${order}`,
  );
  return dictionaries;
}

/** The mapped columns (by index in `pass.cells`) whose distinct cells are few enough to share. */
async function repeatedColumns(
  db: Database,
  raw: RawSource,
  pass: ParsePass,
): Promise<Set<number>> {
  if (pass.cells.length === 0) return new Set();
  const counts = pass.cells.map(
    (c, i) => `approx_count_distinct(${quoteIdent(c.header)}) AS n${i}`,
  );
  // The first rows tell a repeating column from one of unique cells, for a fraction of a scan.
  const sample = Math.min(raw.rows, SAMPLE_ROWS);
  const row =
    (await db.one(
      `SELECT ${counts.join(', ')} FROM (SELECT * FROM ${raw.rawTable} LIMIT ${sample})`,
    )) ?? {};
  const limit = sample * DICTIONARY_SHARE;
  return new Set(pass.cells.flatMap((_, i) => (num(row[`n${i}`]) <= limit ? [i] : [])));
}
