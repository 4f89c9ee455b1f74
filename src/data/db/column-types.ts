import { quoteIdent } from '../../core/sql/quote.js';
import type { Database } from './database.js';

/** A column of a relation with its DuckDB type as DESCRIBE names it (`VARCHAR`, `DECIMAL(18,3)`). */
export interface TypedColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * The columns of a table or view and their types, in order (no row is read).
 *
 * @example await columnTypes(db, 'scored') // => [{ name: 'Industry', type: 'VARCHAR' }, ...]
 */
export async function columnTypes(db: Database, table: string): Promise<TypedColumn[]> {
  const described = await db.all(`DESCRIBE ${quoteIdent(table)}`);
  return described.map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
}
