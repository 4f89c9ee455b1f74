import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../data/output/write-atomic.js';
import type { DataProfile } from '../data/profile/profile-dataset.js';
import { generateWorld } from '../sample/generate-world.js';
import { check } from './check.js';

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
  /** Files written, relative to `out`. */
  readonly outputs: readonly string[];
}

/**
 * The main job on the bundled sample world: generate it, load and check it, write the
 * outputs under one folder. Later stages (discovery, scoring, the report) join here.
 */
export async function demo(options: DemoOptions): Promise<DemoResult> {
  const { out, accounts = 5000, seed = 1, onProgress } = options;
  const root = resolve(out);
  const dataDir = join(root, 'data');
  onProgress?.(`generating a sample world of ${accounts} accounts`);
  await generateWorld({ accounts, seed, out: dataDir });
  onProgress?.('loading and checking it');
  // The sample world's "today" is fixed, so the check is too.
  const profile = await check(join(dataDir, 'icp.config.yaml'), { today: '2026-09-30' });
  await writeFileAtomic(join(root, 'profile.json'), `${JSON.stringify(profile, null, 2)}\n`);
  return { out: root, dataDir, profile, outputs: ['data/', 'profile.json'] };
}
