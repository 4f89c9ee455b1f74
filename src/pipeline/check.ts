import { loadConfig } from '../data/config/load-config.js';
import { loadDataset } from '../data/load/load-dataset.js';
import { type DataProfile, profileDataset } from '../data/profile/profile-dataset.js';

export interface CheckOptions {
  readonly today?: string;
  readonly onProgress?: (message: string) => void;
}

/**
 * Loads the data a config names, validates it and profiles it. Throws a DataValidationError
 * (listing every problem) when the data breaks a rule.
 *
 * @example const profile = await check('icp.config.yaml');
 */
export async function check(configPath: string, options: CheckOptions = {}): Promise<DataProfile> {
  const { today, onProgress } = options;
  const config = await loadConfig(configPath);
  const dataset = await loadDataset(config, {
    ...(today ? { today } : {}),
    onTable: (table, file) => onProgress?.(`loading ${table} from ${file}`),
  });
  try {
    onProgress?.('profiling');
    return await profileDataset(dataset);
  } finally {
    dataset.close();
  }
}
