import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../core/stats/wilson.js';
import { loadConfig } from '../../data/config/load-config.js';
import { num } from '../../data/db/database.js';
import { writeIcp } from '../../data/icp/icp-file.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { discover } from '../discover/discover-config.js';
import { reportOfDataset } from './build-report.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-calibration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the report’s calibration over deals', () => {
  it('counts the accounts, not the deals, as the independent units of each group', async () => {
    const out = join(dir, 'world');
    await generateWorld({ accounts: 3000, seed: 1, out });
    const config = join(out, 'icp.config.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\ntarget:\n  kind: won\n`);
    const icp = await discover(config, { today: WORLD_TODAY });
    await writeIcp(join(dir, 'icp.json'), icp);
    const loaded = await loadConfig(config);
    const dataset = await loadDataset(loaded, { today: WORLD_TODAY });
    try {
      const { model, audit } = await reportOfDataset(dataset, loaded.config, icp);
      if (!model.quality.available) throw new Error(model.quality.reason);
      const { calibration } = model.quality;
      expect(calibration.reduce((s, c) => s + c.n, 0)).toBe(icp.target.eligible);
      // Every out-of-fold deal carries its account, and some accounts have several deals.
      const oof = await dataset.db.one(
        `SELECT count(account_id) AS n, count(DISTINCT account_id) AS accounts FROM ${audit.oof}`,
      );
      expect(num(oof?.n)).toBe(icp.target.eligible);
      expect(num(oof?.accounts)).toBeLessThan(icp.target.eligible);
      // So the intervals are not Wilson intervals over the deals as if independent.
      const wilson = calibration.map((c) => wilsonInterval(Math.round(c.observed * c.n), c.n));
      expect(calibration.some((c, g) => c.lo !== wilson[g]!.lo || c.hi !== wilson[g]!.hi)).toBe(
        true,
      );
    } finally {
      dataset.close();
    }
  }, 300_000);
});
