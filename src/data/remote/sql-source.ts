import type { SqlDialect } from '../../core/parse/cell-sql.js';
import type { Database } from '../db/database.js';

/**
 * A database discovery can send aggregate queries to: PostgreSQL or ClickHouse
 * (`RemoteDatabase`) or DuckDB (`duckdbSource`). Results come back as small rows of aggregates.
 */
export interface SqlSource {
  readonly dialect: SqlDialect;
  /** The columns of a table or query (`from` is SQL: a quoted name or a parenthesised query). */
  columns(from: string): Promise<string[]>;
  /** Runs a query and returns its rows. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/** A DuckDB database as a `SqlSource`: the same aggregate queries, run in process. */
export function duckdbSource(db: Database): SqlSource {
  return {
    dialect: 'duckdb',
    columns: (from) => db.columns(from),
    rows: (sql) => db.all(sql),
  };
}

/** What crossed the wire: queries sent, and the rows and bytes (as JSON) that came back. */
export interface WireCount {
  queries: number;
  rows: number;
  bytes: number;
}

/** `source`, counting every query's result in `count`. */
export function countedSource(source: SqlSource, count: WireCount): SqlSource {
  return {
    dialect: source.dialect,
    columns: source.columns.bind(source),
    async rows(sql) {
      const rows = await source.rows(sql);
      count.queries++;
      count.rows += rows.length;
      // The bytes of JSON.stringify(rows), counted row by row: at 10,000,000 rows the whole
      // text would pass the longest string V8 can hold.
      let bytes = rows.length === 0 ? 2 : rows.length + 1;
      for (const row of rows) bytes += Buffer.byteLength(JSON.stringify(row));
      count.bytes += bytes;
      return rows;
    },
  };
}
