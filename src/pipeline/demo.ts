import { join, resolve } from 'node:path';
import type { IcpDefinition } from '../core/icp/definition.js';
import { writeIcp } from '../data/icp/icp-file.js';
import { writeFileAtomic } from '../data/output/write-atomic.js';
import type { DataProfile } from '../data/profile/profile-dataset.js';
import { generateWorld } from '../sample/generate-world.js';
import { WORLD_TODAY } from '../sample/planted-truth.js';
import type { AuditResult } from './audit/audit.js';
import { audit } from './audit/audit-config.js';
import { writeReport } from './report/build-report.js';
import { check } from './check.js';
import { discover } from './discover/discover-config.js';

export interface DemoOptions {
  readonly out: string;
  readonly accounts?: number;
  readonly seed?: number;
  readonly onProgress?: (message: string) => void;
}

export interface DemoResult {
  readonly out: string;
  readonly dataDir: string;
  readonly profile: DataProfile;
  readonly icp: IcpDefinition;
  readonly audit: AuditResult;
  /** The report's absolute path. */
  readonly report: string;
  /** Files written, relative to `out`. */
  readonly outputs: readonly string[];
}

/**
 * The main job on the bundled sample world: generate it, load and check it, discover its ICP,
 * audit the business against it, write the report, and put everything under one folder.
 */
export async function demo(options: DemoOptions): Promise<DemoResult> {
  const { out, accounts = 5000, seed = 1, onProgress } = options;
  const root = resolve(out);
  const dataDir = join(root, 'data');
  onProgress?.(`generating a sample world of ${accounts} accounts`);
  await generateWorld({ accounts, seed, out: dataDir });
  const config = join(dataDir, 'icp.config.yaml');
  onProgress?.('loading and checking it');
  // The sample world's "today" is fixed, so the check is too.
  const profile = await check(config, { today: WORLD_TODAY });
  await writeFileAtomic(join(root, 'profile.json'), `${JSON.stringify(profile, null, 2)}\n`);
  onProgress?.('discovering its ICP');
  const icp = await discover(config, { today: WORLD_TODAY });
  await writeIcp(join(root, 'icp.json'), icp);
  onProgress?.('auditing the business against it');
  const audited = await audit(config, join(root, 'icp.json'), { today: WORLD_TODAY });
  await writeFileAtomic(join(root, 'audit.json'), `${JSON.stringify(audited, null, 2)}\n`);
  onProgress?.('writing the report');
  const report = await writeReport(config, join(root, 'icp.json'), join(root, 'report.html'), {
    today: WORLD_TODAY,
  });
  return {
    out: root,
    dataDir,
    profile,
    icp,
    audit: audited,
    report,
    outputs: ['data/', 'profile.json', 'icp.json', 'audit.json', 'report.html'],
  };
}
