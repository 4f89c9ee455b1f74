import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num, str } from '../../data/db/database.js';
import { type TableRef, uniqueTable } from '../analysis/table-ref.js';

/** The plan's attributes: `expression AS "name"` over `r."column"`, and each one's column. */
export interface AttributeSelect {
  readonly select: readonly string[];
  readonly sources: readonly string[];
}

/**
 * Columns of each row kept beside its attributes and out of the view: items computed once per
 * distinct cell of their column as attributes are (`cells`: the outcome of the row's target
 * cell), and expressions over the raw row `r` (`rows`: the row's order), all named in `names`.
 */
export interface RowColumns {
  readonly cells: AttributeSelect;
  readonly rows: readonly string[];
  readonly names: readonly string[];
}

/** The attribute view (`table`) and the table of the rows (`rows`: `_row` and the row columns). */
export interface AttributeTables {
  readonly table: TableRef;
  readonly rows: TableRef;
}

/** Source columns joined per temporary table of rows (see `attributeTables`). */
const COLUMN_BATCH = 16;

/**
 * A view of `account_id` (the row's number in the raw table) and the plan's attributes. Every
 * attribute of a column is computed once per distinct cell of the column, into a small table
 * (the cell's text and its attributes), and reaches the rows by a join on the cell's text:
 * parsing a number or a date runs regular expressions, which cost far more than a join when
 * cells repeat (an age, a category), and about as much when they do not. Every expression reads
 * its column as text first (`textSql`), so keying the cells by their text is exact.
 *
 * The rows are built in temporary tables of at most 16 columns' joins, joined by row: DuckDB
 * plans one statement of hundreds of expressions or joins far more slowly than several small ones.
 * The first of them (`rows`) also holds the row columns (`RowColumns`), made in the same scan of
 * the raw rows, so reading the rows needs no other join of the raw table. Every table is named
 * for this call (`uniqueTable`), so two discoveries in one database never replace each other's.
 */
export async function attributeTables(
  db: Database,
  rawTable: string,
  plan: AttributeSelect,
  row: RowColumns = { cells: { select: [], sources: [] }, rows: [], names: [] },
): Promise<AttributeTables> {
  // The row columns' cells first, so they land in the first table with the row expressions.
  const select = [...row.cells.select, ...plan.select];
  const sources = [...row.cells.sources, ...plan.sources];
  const columns = [...new Set(sources)];
  const parsed = new Map<string, string>();
  for (const [k, column] of columns.entries()) {
    const items = select.filter((_, i) => sources[i] === column);
    const table = uniqueTable(`_cells_${k}`);
    const c = quoteIdent(column);
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT r.${c} AS _icp_cell, ${items.join(', ')}
       FROM (SELECT DISTINCT CAST(r.${c} AS VARCHAR) AS ${c} FROM ${rawTable} AS r) AS r`,
    );
    parsed.set(column, table);
  }
  const parts: TableRef[] = [];
  // At least one table: the rows' numbers and row columns, when no column is parsed.
  for (let i = 0; i === 0 || i < columns.length; i += COLUMN_BATCH) {
    const batch = columns.slice(i, i + COLUMN_BATCH);
    const part = uniqueTable(`_attributes_${parts.length}`);
    const items = parts.length === 0 ? row.rows.map((r) => `, ${r}`) : [];
    for (const [j, column] of batch.entries())
      for (const item of await cellItems(db, parsed.get(column) as string))
        items.push(
          `, ${item.enum ? `CAST(p${j}.${item.name} AS ${item.enum})` : `p${j}.${item.name}`} AS ${item.name}`,
        );
    const joins = batch
      .map(
        (column, j) =>
          ` LEFT JOIN ${parsed.get(column)} AS p${j} ON p${j}._icp_cell IS NOT DISTINCT FROM CAST(r.${quoteIdent(column)} AS VARCHAR)`,
      )
      .join('');
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${part} AS SELECT r.rowid AS _row${items.join('')} FROM ${rawTable} AS r${joins}`,
    );
    parts.push(part);
  }
  // The rows hold the attributes now; the cell tables were only their source.
  for (const cells of parsed.values()) await db.run(`DROP TABLE ${cells}`);
  const hidden = ['_row', ...row.names].map(quoteIdent).join(', ');
  const joins = parts.slice(1).map((p, k) => ` JOIN ${p} AS b${k + 1} ON b${k + 1}._row = b0._row`);
  const others = parts.slice(1).map((_, k) => `, b${k + 1}.* EXCLUDE (_row)`);
  const table = uniqueTable('_attributes');
  await db.run(
    `CREATE TEMP VIEW ${table} AS SELECT b0._row AS account_id, b0.* EXCLUDE (${hidden})${others.join('')} FROM ${parts[0]} AS b0${joins.join('')}`,
  );
  return { table, rows: parts[0] as TableRef };
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
