import type { IcpDefinition } from '../../core/icp/definition.js';
import { loadConfig } from '../../data/config/load-config.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { keepSince } from '../backtest/cutoff.js';
import { discoverIcp } from './discover.js';
import { type LineageOptions, withLineage } from './lineage.js';

export interface DiscoverConfigOptions extends Omit<LineageOptions, 'config'> {
  /** The date far-future dates are checked against (YYYY-MM-DD); default: the real today. */
  readonly today?: string;
  /** Learn only from the accounts and deals that arrived since this date (after `drift`). */
  readonly since?: string;
  readonly onProgress?: (stage: string) => void;
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
  const { today, since, onProgress, ...lineage } = options;
  const versioned = await withLineage({ ...lineage, config: configPath }, async () => {
    const loaded = await loadConfig(configPath);
    onProgress?.('loading data');
    const dataset = await loadDataset(loaded, today ? { today } : {});
    try {
      // After drift: learn from the recent past only (accounts and deals since the date).
      if (since) await keepSince(dataset, since);
      return await discoverIcp(dataset, loaded.config, {
        ...(onProgress ? { onProgress } : {}),
        ...(since ? { since } : {}),
      });
    } finally {
      dataset.close();
    }
  });
  return versioned.icp;
}
