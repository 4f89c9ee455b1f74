import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, str } from '../db/database.js';

/** A column type DuckDB prints as it reads it back in a CREATE TABLE (VARCHAR, DECIMAL(18,3), DATE[]). */
const PLAIN_TYPE = /^[A-Z]+(\(\d+, ?\d+\))?(\[\])?$/;

/**
 * Writes the typed canonical table `name` from `query` (its rows in the file's order). Its text
 * columns named in `unique` (read per row by the parse pass: their cells do not repeat, as a
 * table's ids) are stored uncompressed: DuckDB's dictionary compression analysed each of their
 * segments to find no repeats (1,000,000 accounts: the invoices' table 4.5-4.75 CPU-s against
 * 3.07-3.11 with its ids stored as they are). Every other column keeps DuckDB's choice. Storage
 * only: every value and the rows' order are the same as `CREATE TABLE ... AS`.
 */
export async function writeTypedTable(
  db: Database,
  name: string,
  query: string,
  unique: ReadonlySet<string>,
): Promise<void> {
  const table = quoteIdent(name);
  const columns = unique.size === 0 ? [] : await db.all(`DESCRIBE ${query}`);
  const types = columns.map((c) => ({
    name: str(c.column_name) ?? '',
    type: str(c.column_type) ?? '',
  }));
  const plain = types.some((c) => c.type === 'VARCHAR' && unique.has(c.name));
  // Names equal but for case ("amount" and a Stripe export's extra "Amount") are one name to a
  // CREATE TABLE; CREATE TABLE ... AS renames the second, as it always has.
  const distinct = new Set(types.map((c) => c.name.toLowerCase())).size === types.length;
  if (!plain || !distinct || !types.every((c) => PLAIN_TYPE.test(c.type))) {
    await db.run(`CREATE OR REPLACE TABLE ${table} AS ${query}`);
    return;
  }
  const defs = types.map(
    (c) =>
      `${quoteIdent(c.name)} ${c.type}${c.type === 'VARCHAR' && unique.has(c.name) ? ' USING COMPRESSION uncompressed' : ''}`,
  );
  await db.run(`CREATE OR REPLACE TABLE ${table} (${defs.join(', ')})`);
  // An INSERT of a query keeps its rows' order as CREATE TABLE ... AS does.
  await db.run(`INSERT INTO ${table} ${query}`);
}
