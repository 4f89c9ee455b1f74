import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteLiteral } from '../src/core/sql/quote.js';
import { auc } from '../src/core/stats/metrics.js';
import { Database } from '../src/data/db/database.js';
import { discoverGeneric } from '../src/pipeline/discover/discover-generic.js';
import { scoreFile } from '../src/pipeline/score/score-file.js';
import { TELCO } from './telco-baseline.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-round-trip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('round trip with no config: discover on a training split, score the test split', () => {
  it('keeps the target column in the scored file, where it ranks the held-out rows', async () => {
    const db = await Database.open();
    const split = (test: boolean) =>
      `COPY (SELECT * FROM read_csv(${quoteLiteral(TELCO)}, all_varchar = true) WHERE (hash(customerID) % 4 = 0) = ${test}) TO ${quoteLiteral(join(dir, test ? 'test.csv' : 'train.csv'))} (FORMAT csv, HEADER)`;
    await db.run(split(false));
    await db.run(split(true));
    const icp = await discoverGeneric({
      data: join(dir, 'train.csv'),
      target: 'Churn',
      positive: 'No',
      id: 'customerID',
    });
    const result = await scoreFile(icp, join(dir, 'test.csv'), join(dir, 'scored.parquet'));
    const scored = await db.all(
      `SELECT Churn, icp_probability FROM read_parquet(${quoteLiteral(join(dir, 'scored.parquet'))})`,
    );
    db.close();
    expect(scored.length).toBe(result.rows);
    expect(result.rows).toBeGreaterThan(1500);
    const held = auc(
      Float64Array.from(scored, (r) => Number(r.icp_probability)),
      Uint8Array.from(scored, (r) => (r.Churn === 'No' ? 1 : 0)),
    );
    expect(held.auc).toBeGreaterThan(0.8);
  });
});
