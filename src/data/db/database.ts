import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** A JSON-safe value as DuckDB returns it (BIGINT and DECIMAL come back as strings). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
export type Row = Record<string, JsonValue>;

/**
 * One embedded DuckDB database and connection. Everything the engine computes on data runs
 * through here as SQL; JavaScript only receives aggregates and small result sets.
 */
export class Database {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /** Opens an in-memory database (DuckDB spills to its temp directory when memory runs short). */
  static async open(path = ':memory:'): Promise<Database> {
    const instance = await DuckDBInstance.create(path, { threads: '2' });
    const connection = await instance.connect();
    return new Database(instance, connection);
  }

  /** Runs a statement and discards any result. */
  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Runs a query and returns its rows as JSON objects. Keep the result small. */
  async all(sql: string): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Row[];
  }

  /** The first row of a query, or undefined. */
  async one(sql: string): Promise<Row | undefined> {
    return (await this.all(sql))[0];
  }

  /** Column names of a table or view, in order. */
  async columns(table: string): Promise<string[]> {
    const reader = await this.connection.runAndReadAll(`SELECT * FROM ${table} LIMIT 0`);
    return reader.columnNames();
  }

  /** Turns on DuckDB's tracking of query progress for this connection (never printed). */
  async trackProgress(): Promise<void> {
    await this.connection.run(
      'SET enable_progress_bar = true; SET enable_progress_bar_print = false',
    );
  }

  /**
   * How far the query running on this connection is, in percent: DuckDB's estimate from the
   * rows its scans have read. Undefined when no query runs or nothing is tracked.
   */
  progress(): number | undefined {
    const p = this.connection.progress.percentage;
    return p >= 0 ? p : undefined;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Reads a numeric result (DuckDB returns BIGINT as a string in JSON). */
export function num(value: JsonValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return Number.NaN;
}

/** Reads a string result; null stays null. */
export function str(value: JsonValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}
