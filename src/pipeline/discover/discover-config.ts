import type { IcpDefinition } from '../../core/icp/definition.js';
import { loadConfig } from '../../data/config/load-config.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { keepSince } from '../backtest/cutoff.js';
import { discoverIcp } from './discover.js';

/**
 * Loads the data a config names and discovers its ICP.
 *
 * @example const icp = await discover('icp.config.yaml');
 */
export async function discover(
  configPath: string,
  options: { today?: string; since?: string; onProgress?: (stage: string) => void } = {},
): Promise<IcpDefinition> {
  const { today, since, onProgress } = options;
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
}
