import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num, str } from '../../data/db/database.js';
import { type TableRef, uniqueTable } from '../analysis/table-ref.js';

/** The plan's attributes: `expression AS "name"` over `r."column"`, and each one's column. */
export interface AttributeSelect {
  readonly select: readonly string[];
  readonly sources: readonly string[];
}

/** Source columns joined per temporary table of rows (see `attributeTables`). */
const COLUMN_BATCH = 16;

/**
 * A view of `account_id` (`idExpr` over the raw table `r`) and the plan's attributes. Every
 * attribute of a column is computed once per distinct cell of the column, into a small table
 * (the cell's text and its attributes), and reaches the rows by a join on the cell's text:
 * parsing a number or a date runs regular expressions, which cost far more than a join when
 * cells repeat (an age, a category), and about as much when they do not. Every expression reads
 * its column as text first (`textSql`), so keying the cells by their text is exact.
 *
 * The rows are built in temporary tables of at most 16 columns' joins, joined by row: DuckDB
 * plans one statement of hundreds of expressions or joins far more slowly than several small ones.
 * Every table is named for this call (`uniqueTable`), so two discoveries in one database never
 * replace each other's.
 */
export async function attributeTables(
  db: Database,
  rawTable: string,
  idExpr: string,
  plan: AttributeSelect,
): Promise<TableRef> {
  const columns = [...new Set(plan.sources)];
  const parsed = new Map<string, string>();
  for (const [k, column] of columns.entries()) {
    const items = plan.select.filter((_, i) => plan.sources[i] === column);
    const table = uniqueTable(`_cells_${k}`);
    const c = quoteIdent(column);
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT r.${c} AS _icp_cell, ${items.join(', ')}
       FROM (SELECT DISTINCT CAST(r.${c} AS VARCHAR) AS ${c} FROM ${rawTable} AS r) AS r`,
    );
    parsed.set(column, table);
  }
  const parts: string[] = [];
  for (let i = 0; i < columns.length; i += COLUMN_BATCH) {
    const batch = columns.slice(i, i + COLUMN_BATCH);
    const part = uniqueTable(`_attributes_${parts.length}`);
    const select: string[] = [];
    for (const [j, column] of batch.entries())
      for (const item of await cellItems(db, parsed.get(column) as string))
        select.push(
          `, ${item.enum ? `CAST(p${j}.${item.name} AS ${item.enum})` : `p${j}.${item.name}`} AS ${item.name}`,
        );
    const joins = batch
      .map(
        (column, j) =>
          ` LEFT JOIN ${parsed.get(column)} AS p${j} ON p${j}._icp_cell IS NOT DISTINCT FROM CAST(r.${quoteIdent(column)} AS VARCHAR)`,
      )
      .join('');
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${part} AS SELECT r.rowid AS _row${select.join('')} FROM ${rawTable} AS r${joins}`,
    );
    parts.push(part);
  }
  // The rows hold the attributes now; the cell tables were only their source.
  for (const cells of parsed.values()) await db.run(`DROP TABLE ${cells}`);
  const joins = parts.map((p, k) => ` JOIN ${p} AS b${k} ON b${k}._row = r.rowid`).join('');
  const select = parts.map((_, k) => `, b${k}.* EXCLUDE (_row)`).join('');
  const table = uniqueTable('_attributes');
  await db.run(
    `CREATE TEMP VIEW ${table} AS SELECT ${idExpr} AS account_id${select} FROM ${rawTable} AS r${joins}`,
  );
  return table;
}

/** A text attribute with at most this many distinct values reaches the rows as an ENUM. */
const ENUM_VALUES = 4096;

/**
 * The attributes of a column's cell table, each with an ENUM type of its values when it is
 * text with few of them: the rows then carry a small code instead of a string (a cheaper sort
 * and join), and reading them into JavaScript gives each value's one string instead of
 * decoding every row's (`readColumns` reads an ENUM as its text).
 */
async function cellItems(
  db: Database,
  cells: string,
): Promise<{ name: string; enum: string | undefined }[]> {
  const described = await db.all(`DESCRIBE ${cells}`);
  const out: { name: string; enum: string | undefined }[] = [];
  for (const d of described) {
    const name = quoteIdent(str(d.column_name) ?? '');
    if (name === '"_icp_cell"') continue;
    let type: string | undefined;
    if (str(d.column_type) === 'VARCHAR') {
      const n = num((await db.one(`SELECT count(DISTINCT ${name}) AS n FROM ${cells}`))?.n);
      if (n <= ENUM_VALUES) {
        type = `_icp_enum_${enums++}`;
        await db.run(
          `CREATE TYPE ${type} AS ENUM (SELECT DISTINCT ${name} FROM ${cells} WHERE ${name} IS NOT NULL)`,
        );
      }
    }
    out.push({ name, enum: type });
  }
  return out;
}

/** Numbers ENUM types apart within a process (one database may run several discoveries). */
let enums = 0;
