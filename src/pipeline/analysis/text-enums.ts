import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num } from '../../data/db/database.js';
import type { Candidate } from './prepare-attributes.js';
import { type TableRef, uniqueTable } from './table-ref.js';

/**
 * ENUM types of a table's text attributes, so their rows are read as codes (`readColumns` reads
 * an ENUM's item numbers straight from the chunk) instead of a string decoded per row and cell:
 * the deal rows of the contrast with deals won, 1.33 million rows of 15 text attributes at a
 * million accounts, spent most of their reading there.
 */
export interface TextEnums {
  /** Column name to the ENUM type of its distinct cells, for the text columns that got one. */
  readonly types: ReadonlyMap<string, string>;
  /** Drops the types (after every read that casts to them). */
  drop(): Promise<void>;
}

/**
 * A column with more distinct cells than this keeps its text: an ENUM's type names every cell
 * (`DESCRIBE` lists them), and a column that varied so much reads few repeated strings anyway.
 */
export const MAX_ENUM_CELLS = 65_536;

/**
 * An ENUM type per VARCHAR column of `table` among the categorical `candidates` with at most
 * `MAX_ENUM_CELLS` distinct cells, holding exactly those cells (NULL aside), so every row of the
 * table, and of any join that reads its columns, casts to it. The types are temporary.
 */
export async function textEnums(
  db: Database,
  table: TableRef,
  candidates: readonly Candidate[],
): Promise<TextEnums> {
  const described = await db.all(`DESCRIBE SELECT * FROM ${table}`);
  const varchar = new Set(
    described.filter((d) => String(d.column_type) === 'VARCHAR').map((d) => String(d.column_name)),
  );
  const texts = candidates.filter((c) => c.kind === 'categorical' && varchar.has(c.name));
  const types = new Map<string, string>();
  const drop = async () => {
    for (const type of types.values()) await db.run(`DROP TYPE IF EXISTS ${type}`);
  };
  if (texts.length === 0) return { types, drop };
  const counts = await db.one(
    `SELECT ${texts.map((c, i) => `count(DISTINCT ${quoteIdent(c.name)}) AS n${i}`).join(', ')} FROM ${table}`,
  );
  try {
    for (const [i, c] of texts.entries()) {
      const cells = num(counts?.[`n${i}`]);
      if (cells === 0 || cells > MAX_ENUM_CELLS) continue;
      const type = uniqueTable('_cells');
      const column = quoteIdent(c.name);
      await db.run(
        `CREATE TEMP TYPE ${type} AS ENUM (SELECT DISTINCT ${column} FROM ${table} WHERE ${column} IS NOT NULL)`,
      );
      types.set(c.name, type);
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { types, drop };
}
