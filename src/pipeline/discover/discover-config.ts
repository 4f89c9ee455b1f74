import type { IcpDefinition } from '../../core/icp/definition.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { loadConfig } from '../../data/config/load-config.js';
import {
  type DatabaseOptions,
  databaseDefaults,
  MIN_MEMORY,
} from '../../data/db/database-options.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { keepSince } from '../analysis/cut-dataset.js';
import { discoverIcp } from './discover.js';
import { type LineageOptions, withLineage } from './lineage.js';

export interface DiscoverConfigOptions extends Omit<LineageOptions, 'config'> {
  /** The date far-future dates are checked against (YYYY-MM-DD); default: the real today. */
  readonly today?: string;
  /** Learn only from the accounts and deals that arrived since this date (after `drift`). */
  readonly since?: string;
  /** Columns to keep although the leakage check would leave them out (added to discover.keep). */
  readonly keep?: readonly string[];
  readonly onProgress?: (stage: string) => void;
  /** Called once after loading with the data's warnings, the ones `icp check` lists. */
  readonly onWarnings?: (warnings: readonly DataIssue[]) => void;
  /** Called as each stage starts, loading included (for timing); never changes the result. */
  readonly onStage?: (stage: string) => void;
}

/**
 * Loads the data a config names and discovers its ICP, versioned as `icp discover` does: the
 * ICP is saved in the registry (`registry: false` saves none), names its parent (`parent`,
 * else the ICP `out` held), and is written to `out` when given.
 *
 * @example const icp = await discover('icp.config.yaml', { out: 'icp.json' });
 */
export async function discover(
  configPath: string,
  options: DiscoverConfigOptions = {},
): Promise<IcpDefinition> {
  const { today, since, keep = [], onProgress, onWarnings, onStage, ...lineage } = options;
  const versioned = await withLineage({ ...lineage, config: configPath }, async () => {
    const loaded = withKeep(await loadConfig(configPath), keep);
    onProgress?.('loading data');
    const database = databaseDefaults();
    const memory = discoveryMemory(database);
    const dataset = await loadDataset(loaded, {
      database: memory ? { ...database, memoryLimit: memory.loading } : database,
      ...(today ? { today } : {}),
      ...(onStage ? { onStage, onTable: (table: string) => onStage(`load ${table}`) } : {}),
    });
    try {
      onWarnings?.(dataset.warnings);
      // After drift: learn from the recent past only (accounts and deals since the date).
      if (since) await keepSince(dataset, since);
      return await discoverIcp(dataset, loaded.config, {
        ...(onProgress ? { onProgress } : {}),
        ...(onStage ? { onStage } : {}),
        ...(since ? { since } : {}),
        rowsMemory: memory?.rows,
      });
    } finally {
      dataset.close();
    }
  });
  return versioned.icp;
}

/**
 * DuckDB's shares of the command's memory (`--memory`) in config-mode discovery: while loading
 * (and through customer value, personas and the fingerprint, with no rows in JavaScript), and
 * while discovery holds rows in JavaScript (the contrast's deal rows, then the accounts'
 * attributes, one set at a time: typed arrays of about 0.37 GB at a million accounts). DuckDB
 * given the whole budget took the process past it (2,840 MB at `--memory 2GB` and a million
 * accounts); past its share DuckDB spills to its folder, which measured no dearer in CPU
 * (docs/discovery.md, "Memory within the budget").
 */
export const DISCOVERY_DUCKDB_SHARE = { loading: 0.5, rows: 0.25 } as const;

/** The least memory DuckDB gets of a budget larger than it (256 MiB). */
const DUCKDB_FLOOR = 4 * MIN_MEMORY;

/** DuckDB's memory limit in config-mode discovery, in bytes, per phase; none without a budget. */
export function discoveryMemory(
  options: DatabaseOptions,
): { loading: number; rows: number } | undefined {
  const budget = options.memoryLimit;
  if (budget === undefined) return undefined;
  // DuckDB never gets less than DUCKDB_FLOOR of a larger budget: with 64 MiB it ran out of
  // memory on the 100,000-account world (it needs room for what it cannot spill).
  const share = (s: number) => Math.min(budget, Math.max(DUCKDB_FLOOR, Math.floor(budget * s)));
  return {
    loading: share(DISCOVERY_DUCKDB_SHARE.loading),
    rows: share(DISCOVERY_DUCKDB_SHARE.rows),
  };
}

/** The loaded config with `keep` added to discover.keep. */
function withKeep<T extends { config: { discover: { keep: string[] } } }>(
  loaded: T,
  keep: readonly string[],
): T {
  if (keep.length === 0) return loaded;
  const discover = {
    ...loaded.config.discover,
    keep: [...new Set([...loaded.config.discover.keep, ...keep])],
  };
  return { ...loaded, config: { ...loaded.config, discover } };
}
