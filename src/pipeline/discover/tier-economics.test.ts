import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileScoreSql } from '../../core/icp/compile-sql.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { loadConfig } from '../../data/config/load-config.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { prepareAnalysis } from '../analysis/prepare-analysis.js';
import { uniqueTable } from '../analysis/table-ref.js';
import { discover } from './discover-config.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-tier-economics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tier economics', () => {
  it('scores the typed attributes table as its text: each account the tier, score and reasons of the table cast to text', async () => {
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
      const typed = await dataset.db.all(`DESCRIBE ${rows}`);
      expect(typed.some((t) => t.column_type === 'DOUBLE')).toBe(true);
      const columns = typed.map((t) => String(t.column_name));
      // Every column but the account id cast to text, as tier economics scored it before the
      // scoring SQL cast each column once itself.
      const casts = typed
        .filter((t) => t.column_name !== 'account_id' && t.column_type !== 'VARCHAR')
        .map(
          (t) =>
            `CAST(${quoteIdent(String(t.column_name))} AS VARCHAR) AS ${quoteIdent(String(t.column_name))}`,
        );
      const asText = `(SELECT * REPLACE (${casts.join(', ')}) FROM ${rows})`;
      const score = (from: string) =>
        dataset.db.all(
          `SELECT account_id, icp_tier, icp_score, icp_reasons, icp_coverage FROM (${compileScoreSql(
            icp,
            { dialect: 'duckdb', from, columns },
          )}) ORDER BY account_id`,
        );
      const own = await score(rows);
      expect(own.length).toBeGreaterThan(900);
      expect(await score(asText)).toEqual(own);
      const tiers = icp.economics?.tiers;
      for (const tier of ['A', 'B', 'C', 'D'] as const)
        expect(tiers?.[tier].accounts).toBe(own.filter((r) => r.icp_tier === tier).length);
    } finally {
      dataset.close();
    }
  }, 120_000);
});
