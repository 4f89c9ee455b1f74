import type { IcpDefinition } from '../../core/icp/definition.js';
import { loadConfig } from '../../data/config/load-config.js';
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
  const { today, since, keep = [], onProgress, onStage, ...lineage } = options;
  const versioned = await withLineage({ ...lineage, config: configPath }, async () => {
    const loaded = withKeep(await loadConfig(configPath), keep);
    onProgress?.('loading data');
    const dataset = await loadDataset(loaded, {
      ...(today ? { today } : {}),
      ...(onStage ? { onStage, onTable: (table: string) => onStage(`load ${table}`) } : {}),
    });
    try {
      // After drift: learn from the recent past only (accounts and deals since the date).
      if (since) await keepSince(dataset, since);
      return await discoverIcp(dataset, loaded.config, {
        ...(onProgress ? { onProgress } : {}),
        ...(onStage ? { onStage } : {}),
        ...(since ? { since } : {}),
      });
    } finally {
      dataset.close();
    }
  });
  return versioned.icp;
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
