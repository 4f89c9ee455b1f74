import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileScoreSql } from '../../core/icp/compile-sql.js';
import { loadConfig } from '../../data/config/load-config.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { prepareAnalysis } from '../analysis/prepare-analysis.js';
import { uniqueTable } from '../analysis/table-ref.js';
import { discover } from './discover-config.js';
import { attributesAsText } from './tier-economics.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-tier-economics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tier economics', () => {
  it('scores the attributes as text, each account to the tier and score of the table as it is', async () => {
    await generateWorld({ accounts: 1000, seed: 3, out: dir });
    const file = join(dir, 'icp.config.yaml');
    const icp = await discover(file, { today: WORLD_TODAY, registry: false });
    expect(icp.scorecard).toBeDefined();
    const config = await loadConfig(file);
    const dataset = await loadDataset(config, { today: WORLD_TODAY });
    try {
      const { tables } = await prepareAnalysis(dataset, config.config, { agesAtValueDate: true });
      const rows = uniqueTable('_rows');
      await dataset.db.run(`CREATE TEMP TABLE ${rows} AS SELECT * FROM ${tables.attributes}`);
      const asText = await attributesAsText(dataset, { ...tables, attributes: rows });
      const types = await dataset.db.all(`DESCRIBE SELECT * FROM ${asText.from}`);
      expect(types.filter((t) => t.column_type !== 'VARCHAR').map((t) => t.column_name)).toEqual(
        [],
      );
      expect(types.map((t) => t.column_name)).toEqual(asText.columns);
      const typed = await dataset.db.all(`DESCRIBE ${rows}`);
      expect(typed.some((t) => t.column_type === 'DOUBLE')).toBe(true);
      const score = (from: string) =>
        dataset.db.all(
          `SELECT account_id, icp_tier, icp_score, icp_reasons, icp_coverage FROM (${compileScoreSql(
            icp,
            { dialect: 'duckdb', from, columns: asText.columns },
          )}) ORDER BY account_id`,
        );
      const own = await score(rows);
      expect(own.length).toBeGreaterThan(900);
      expect(await score(asText.from)).toEqual(own);
      const tiers = icp.economics?.tiers;
      for (const tier of ['A', 'B', 'C', 'D'] as const)
        expect(tiers?.[tier].accounts).toBe(own.filter((r) => r.icp_tier === tier).length);
    } finally {
      dataset.close();
    }
  }, 120_000);
});
