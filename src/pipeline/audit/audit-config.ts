import { loadConfig } from '../../data/config/load-config.js';
import { readIcp } from '../../data/icp/icp-file.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { type AuditResult, auditIcp } from './audit.js';

/** Loads the data a config names and audits it against an ICP file. */
export async function audit(
  configPath: string,
  icpPath: string,
  options: { today?: string; market?: string } = {},
): Promise<AuditResult> {
  const icp = await readIcp(icpPath);
  const loaded = await loadConfig(configPath);
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  try {
    return await auditIcp(
      dataset,
      loaded.config,
      icp,
      options.market ? { market: options.market } : {},
    );
  } finally {
    dataset.close();
  }
}
