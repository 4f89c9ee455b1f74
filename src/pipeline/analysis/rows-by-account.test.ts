import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../data/config/load-config.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { readDiscoveryRows, targetUnits } from './discovery-rows.js';
import { prepareAnalysis } from './prepare-analysis.js';
import { readRowsByAccount } from './rows-by-account.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-rows-by-account-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readRowsByAccount', () => {
  it('gives the deal rows readDiscoveryRows gives: cells, outcomes, order and account numbers', async () => {
    await generateWorld({ accounts: 400, seed: 5, out: join(dir, 'world') });
    const config = await loadConfig(join(dir, 'world', 'icp.config.yaml'));
    const dataset = await loadDataset(config, { today: WORLD_TODAY });
    try {
      const analysis = await prepareAnalysis(dataset, config.config);
      const { candidates, excluded } = analysis.attributes;
      const prepared = { table: analysis.tables.attributes, candidates, excluded };
      const units = targetUnits('won', analysis.tables);
      const reference = await readDiscoveryRows(dataset.db, units, prepared);
      const shared = await readRowsByAccount(dataset.db, units, prepared);

      const closed = await dataset.db.one(
        "SELECT count(*) AS n FROM deals d JOIN accounts USING (account_id) WHERE d.stage IN ('won', 'lost')",
      );
      expect(shared.target.length).toBe(Number(closed?.n));
      expect(shared.target.length).toBeGreaterThan(300);
      expect(shared.clustered).toBe(true);
      expect(shared.target).toEqual(reference.target);
      expect(shared.bad).toEqual(reference.bad);
      expect(shared.cluster).toEqual(reference.cluster);
      expect(shared.candidates).toBe(candidates);
      expect(candidates.filter((c) => c.kind === 'numeric').length).toBeGreaterThan(2);
      expect(candidates.filter((c) => c.kind === 'categorical').length).toBeGreaterThan(2);
      for (const c of candidates) {
        if (c.kind === 'numeric') expect(shared.numbers[c.name]).toEqual(reference.numbers[c.name]);
        else expect(shared.texts[c.name]).toEqual(reference.texts[c.name]);
      }
      await analysis.drop();
    } finally {
      dataset.close();
    }
  });
});
