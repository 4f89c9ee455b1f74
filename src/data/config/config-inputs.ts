import { resolve } from 'node:path';
import type { InputPath } from '../output/guard-outputs.js';
import { loadConfig } from './load-config.js';

/**
 * The files a config makes a command read: the config itself and every source it names
 * (resolved against the config's folder), for `guardOutputs`.
 *
 * @example await configInputs('demo/icp.config.yaml') // [{ path: 'demo/icp.config.yaml', role: 'the --config file' }, ...]
 */
export async function configInputs(file: string): Promise<InputPath[]> {
  const { config, baseDir } = await loadConfig(file);
  const sources = Object.entries(config.sources).flatMap(([table, source]) =>
    source ? [{ path: resolve(baseDir, source.path), role: `the ${table} source of ${file}` }] : [],
  );
  return [{ path: file, role: 'the --config file' }, ...sources];
}
