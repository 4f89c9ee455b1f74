import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { removeStaleTempDirs } from '../output/temp-files.js';
import { type DatabaseOptions, databaseDefaults } from './database-options.js';

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
    /** The temporary folder holding a file-backed database and its spill files, if any. */
    private readonly folder: string | undefined,
  ) {}

  /**
   * Opens a database. By default (see `setDatabaseDefaults`, which the CLI calls from
   * `--memory`) it lives in memory with DuckDB's own memory limit. With `spillDir`, its tables
   * live in a temporary database file inside a fresh folder there (with DuckDB's spill files),
   * so DuckDB can write them out instead of holding them in memory; the folder is removed on
   * `close()`, and on exit if the process ends first. Folders there of runs that were killed
   * (their process gone) are removed first.
   */
  static async open(options: DatabaseOptions = databaseDefaults()): Promise<Database> {
    const { memoryLimit, spillDir } = options;
    installExitHook();
    if (spillDir !== undefined && spillDir !== tmpdir() && !swept.has(spillDir)) {
      swept.add(spillDir);
      await removeStaleTempDirs(spillDir);
    }
    const folder =
      spillDir === undefined ? undefined : mkdtempSync(join(spillDir, spillPrefix(spillDir)));
    if (folder) liveFolders.add(folder);
    try {
      const instance = await DuckDBInstance.create(
        folder ? join(folder, 'icp.duckdb') : ':memory:',
        {
          threads: '2',
          ...(memoryLimit === undefined ? {} : { memory_limit: mebibytes(memoryLimit) }),
          ...(folder ? { temp_directory: join(folder, 'spill') } : {}),
        },
      );
      const connection = await instance.connect();
      // Settings DuckDB takes from SET or PRAGMA, not from the instance's options (ignored there).
      if (folder) for (const sql of FILE_SETTINGS) await connection.run(sql);
      liveConnections.add(connection);
      return new Database(instance, connection, folder);
    } catch (error) {
      if (folder) removeFolder(folder);
      throw error;
    }
  }

  /**
   * Changes DuckDB's memory limit for the rest of this database's life: past it, DuckDB writes
   * what it holds to the spill folder (a file-backed database) and frees the memory.
   */
  async setMemoryLimit(bytes: number): Promise<void> {
    await this.connection.run(`SET memory_limit = '${mebibytes(bytes)}'`);
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
    liveConnections.delete(this.connection);
    this.connection.closeSync();
    this.instance.closeSync();
    if (this.folder) removeFolder(this.folder);
  }
}

/**
 * How a file-backed database writes. Compression: every method but FSST. The typed tables are
 * written into the file once each (loading); FSST's analysis and encoding of their string
 * columns was about a fifth of that write (the tickets' table 2.1-2.5 CPU-s against 2.0 without
 * it, 300,000 accounts), and repeated strings still take dictionary compression. Storage only:
 * every value read back is the same. No checkpoint when the database closes: the file is
 * removed with its folder right after, and the checkpoint rewrote tables only to be deleted
 * (after loading 300,000 accounts, closing took 1.09 CPU-s when the typed tables were written
 * by an ordered parallel insert, whose partly filled row groups it merged, 0.08 without it).
 */
export const FILE_SETTINGS = [
  "SET disabled_compression_methods = 'fsst'",
  'PRAGMA disable_checkpoint_on_shutdown',
] as const;

/** Folders already cleared of killed runs' spill folders: once per folder and process is enough. */
const swept = new Set<string>();

/** Folders of file-backed databases still open, removed on exit if nobody closed them. */
const liveFolders = new Set<string>();
/** Connections still open, whose running statement is interrupted on exit. */
const liveConnections = new Set<DuckDBConnection>();
let exitHookInstalled = false;

/**
 * On exit (also when a signal handler calls process.exit, as the CLI's cleanup does): interrupt
 * the statements still running, then remove the open databases' folders. Without the interrupt,
 * Node's teardown waited for DuckDB to finish the running statement: `icp discover` on 1,000,000
 * accounts took 8 to 11 s to end after a SIGTERM.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of liveConnections) {
      try {
        c.interrupt();
      } catch {
        // Best effort: the process is ending anyway.
      }
    }
    for (const f of liveFolders) removeFolder(f);
  });
}

/**
 * Temp folders in the system temp folder follow the CLI's scheme (`icp-engine-<pid>-`, found
 * and removed by a later run if this one is killed); beside the outputs they are hidden.
 */
function spillPrefix(dir: string): string {
  const name = `icp-engine-${process.pid}-`;
  return dir === tmpdir() ? name : `.${name}`;
}

function removeFolder(folder: string): void {
  liveFolders.delete(folder);
  rmSync(folder, { recursive: true, force: true });
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

/** A size in bytes as DuckDB's memory_limit setting reads it, in whole MiB. */
function mebibytes(bytes: number): string {
  return `${Math.floor(bytes / 2 ** 20)}MiB`;
}
