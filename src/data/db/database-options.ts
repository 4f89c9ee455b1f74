import { totalmem } from 'node:os';
import { IcpError } from '../../core/errors/icp-error.js';

/** How a `Database` is opened: memory it may use and where it may write tables out. */
export interface DatabaseOptions {
  /** DuckDB's memory limit in bytes; beyond it DuckDB spills to disk. Default: DuckDB's (80% of RAM). */
  readonly memoryLimit?: number;
  /**
   * Keep tables in a temporary database file in a fresh folder under this one (removed when
   * the database closes), with DuckDB's spill files beside it. Default: in memory.
   */
  readonly spillDir?: string;
}

/** The share of the machine's memory a command may use when `--memory` is not given. */
export const DEFAULT_MEMORY_SHARE = 0.5;

let defaults: DatabaseOptions = {};

/** The options `Database.open()` uses when called without any. */
export function databaseDefaults(): DatabaseOptions {
  return defaults;
}

/**
 * Sets the options every later `Database.open()` uses: the CLI calls it once per command with
 * `--memory` and the folder beside the command's output, so every pipeline step stays within
 * the limit without each taking the option.
 */
export function setDatabaseDefaults(options: DatabaseOptions): void {
  defaults = options;
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** The smallest limit accepted: DuckDB needs some room for any query at all. */
export const MIN_MEMORY = 64 * 2 ** 20;

/**
 * Reads a memory size such as `2GB`, `512MiB`, `1.5 GB` or `25%` (of this machine's memory)
 * into bytes, or throws a usage error naming the value and the fix.
 *
 * @example parseMemory('2GB') // => 2000000000
 */
export function parseMemory(value: string, total = totalmem()): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%|[kmgt]i?b|b)?\s*$/i.exec(value);
  const unit = m?.[2]?.toLowerCase();
  const n = Number(m?.[1]);
  const bytes = unit === '%' ? (total * n) / 100 : n * (UNITS[unit ?? 'b'] ?? Number.NaN);
  if (!m || unit === undefined || !Number.isFinite(bytes) || (unit === '%' && n > 100))
    throw new IcpError(
      'USAGE',
      `--memory ${JSON.stringify(value)} is not a memory size. Write a number with a unit, e.g. --memory 2GB, 512MB, 1.5GiB, or a share of this machine's memory, e.g. --memory 50%.`,
    );
  if (bytes < MIN_MEMORY)
    throw new IcpError(
      'USAGE',
      `--memory ${value} is below the least DuckDB needs to run (64 MiB). Give at least --memory 64MiB; 1GB or more keeps large files fast.`,
    );
  return Math.floor(bytes);
}
