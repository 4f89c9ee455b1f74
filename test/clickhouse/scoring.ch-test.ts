import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScoreSql } from '../../src/core/icp/compile-sql.js';
import type { IcpDefinition } from '../../src/core/icp/definition.js';
import { dialectSql } from '../../src/core/icp/dialect-sql.js';
import { scoreRecord } from '../../src/core/icp/score-record.js';
import { quoteLiteral } from '../../src/core/sql/quote.js';
import { Database } from '../../src/data/db/database.js';
import { readColumns } from '../../src/data/db/read-columns.js';
import { discover } from '../../src/pipeline/discover/discover-config.js';
import { withInteractions } from '../support/interactions.js';
import { scoreFile } from '../../src/pipeline/score/score-file.js';
import { generateWorld } from '../../src/sample/generate-world.js';
import { WORLD_TODAY } from '../../src/sample/planted-truth.js';
import { type ClickHouseCluster, startCluster } from './cluster.js';
import { loadDistributed, shardRows } from './load-distributed.js';

/**
 * `icp sql --dialect clickhouse` on a real two-shard cluster (a Distributed table over two
 * servers) must give the library's and the embedded DuckDB path's scores and tiers.
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-ch-diff-'));
const ch = dialectSql('clickhouse');
let cluster: ClickHouseCluster;
let icp: IcpDefinition;
let columns: string[];
let texts: Record<string, readonly (string | null)[]>;
let rows: number;

beforeAll(async () => {
  await generateWorld({ accounts: 5000, seed: 1, out: join(dir, 'train') });
  const discovered = await discover(join(dir, 'train', 'icp.config.yaml'), { today: WORLD_TODAY });
  icp = {
    ...discovered,
    scorecard: withInteractions(discovered.scorecard!),
    rules: [
      {
        kind: 'must_have',
        when: { attribute: 'Country', op: 'in', values: ['US', 'CA', 'UK', 'DE'] },
      },
    ],
  };
  await generateWorld({ accounts: 100_000, seed: 2, out: join(dir, 'score') });
  const csv = join(dir, 'score', 'accounts.csv');
  const db = await Database.open();
  columns = await db.columns(`read_csv(${quoteLiteral(csv)}, all_varchar = true)`);
  const data = await readColumns(
    db,
    `SELECT * FROM read_csv(${quoteLiteral(csv)}, all_varchar = true)`,
    Object.fromEntries(columns.map((c) => [c, 'text' as const])),
  );
  db.close();
  texts = data.texts;
  rows = data.rows;
  cluster = await startCluster();
  await loadDistributed(cluster, 'leads', columns, csv);
}, 600_000);
afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('ClickHouse scoring on a two-shard cluster', () => {
  it('spreads the rows over both shards', async () => {
    const counts = await shardRows(cluster, 'leads');
    expect(counts[0]! + counts[1]!).toBe(rows);
    expect(Math.min(...counts)).toBeGreaterThan(rows / 4);
  });

  it('library, DuckDB (batch file) and ClickHouse SQL over the Distributed table agree on 100,000 rows: scores to 1e-9, tiers, coverage, reasons, flags', async () => {
    const out = join(dir, 'scored.csv');
    await scoreFile(icp, join(dir, 'score', 'accounts.csv'), out);
    const duck = await Database.open();
    const batch = new Map(
      (
        await duck.all(
          `SELECT "Account ID" AS id, icp_score, icp_tier FROM read_csv(${quoteLiteral(out)}, all_varchar = true)`,
        )
      ).map((r) => [r.id as string, r]),
    );
    duck.close();
    const sql = compileScoreSql(icp, { dialect: 'clickhouse', from: 'leads', columns });
    const got = await cluster.rows<{
      id: string;
      icp_score: number;
      icp_probability: number;
      icp_tier: string;
      icp_coverage: number;
      icp_reasons: string;
      icp_disqualified: number;
      icp_near_miss: number;
      icp_missing: string;
    }>(
      `SELECT \`Account ID\` AS id, icp_score, icp_probability, icp_tier, icp_coverage, icp_reasons, icp_disqualified, icp_near_miss, icp_missing FROM (${sql})`,
    );
    expect(got.length).toBe(rows);
    const byId = new Map(got.map((r) => [r.id, r]));
    let compared = 0;
    let disqualified = 0;
    let unknown = 0;
    let nearMiss = 0;
    for (let i = 0; i < rows; i++) {
      const record = Object.fromEntries(columns.map((c) => [c, texts[c]![i]]));
      const lib = scoreRecord(icp, record);
      const row = byId.get(record['Account ID'] as string)!;
      // The first row that differs, whole, so a failure shows what ClickHouse read differently.
      if (Math.abs(row.icp_score - lib.score) > 1e-9 || row.icp_tier !== lib.tier)
        expect({ record, row }).toEqual({
          record,
          row: { ...row, icp_score: lib.score, icp_tier: lib.tier, icp_reasons: lib.reasonText },
        });
      expect(Math.abs(row.icp_score - lib.score)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(row.icp_probability - lib.probability)).toBeLessThanOrEqual(1e-9);
      expect(row.icp_tier).toBe(lib.tier);
      expect(row.icp_coverage).toBe(lib.coverage);
      expect(row.icp_reasons).toBe(lib.reasonText);
      expect(row.icp_disqualified === 1).toBe(lib.disqualified);
      expect(row.icp_near_miss === 1).toBe(lib.nearMiss !== undefined);
      expect(row.icp_missing).toBe(lib.missing.join(', '));
      const fromBatch = batch.get(record['Account ID'] as string)!;
      expect(Math.abs(Number(fromBatch.icp_score) - row.icp_score)).toBeLessThanOrEqual(1e-9);
      expect(fromBatch.icp_tier).toBe(row.icp_tier);
      if (lib.disqualified) disqualified++;
      if (lib.tier === 'unknown') unknown++;
      if (lib.nearMiss !== undefined) nearMiss++;
      compared++;
    }
    expect(compared).toBe(rows);
    expect(rows).toBeGreaterThanOrEqual(100_000);
    // The hard rule, tier unknown and near misses all happened on these rows.
    expect(disqualified).toBeGreaterThan(0);
    expect(unknown).toBeGreaterThan(0);
    expect(nearMiss).toBeGreaterThan(0);
  });

  it('quotes hostile column names and odd values: backslashes, quotes, signs, thousands', async () => {
    const attrs = icp.scorecard!.attributes;
    const category = attrs.find((a) => a.kind === 'categorical')!;
    const number = attrs.find((a) => a.kind === 'numeric')!;
    const values = [
      'Fin\\Tech',
      "O'Brien",
      "x\\'y",
      'ends with\\',
      ' SaaS ',
      'n/a',
      'Series_B',
      '`',
      '',
      'FINTECH',
    ];
    const numbers = ['1,200.5', '12x5', '+450', '-3', '', '1.5e3', '\\1', '.5', ' 99 ', '12.0'];
    const hostile = 'id`; DROP TABLE leads; --';
    const table = ch.quoteIdent('odd values');
    await cluster.query(
      `CREATE TABLE ${table} (${ch.quoteIdent(hostile)} String, ${ch.quoteIdent(category.name)} Nullable(String), ${ch.quoteIdent(number.name)} Nullable(String)) ENGINE = Memory`,
    );
    await cluster.query(
      `INSERT INTO ${table} VALUES ${values.map((v, i) => `(${ch.quoteLiteral(String(i))}, ${ch.quoteLiteral(v)}, ${ch.quoteLiteral(numbers[i]!)})`).join(', ')}`,
    );
    const sql = compileScoreSql(icp, {
      dialect: 'clickhouse',
      from: table,
      columns: [hostile, category.name, number.name],
    });
    const got = await cluster.rows<{ id: string; icp_score: number; icp_tier: string }>(
      `SELECT ${ch.quoteIdent(hostile)} AS id, icp_score, icp_tier, icp_missing FROM (${sql}) ORDER BY toUInt32(id)`,
    );
    expect(got).toHaveLength(values.length);
    values.forEach((v, i) => {
      const lib = scoreRecord(icp, { [category.name]: v, [number.name]: numbers[i] });
      expect(Math.abs(got[i]!.icp_score - lib.score)).toBeLessThanOrEqual(1e-9);
      expect(got[i]!.icp_tier).toBe(lib.tier);
    });
    expect(Number((await cluster.query('SELECT count() FROM leads')).trim())).toBe(rows);
  });
});
