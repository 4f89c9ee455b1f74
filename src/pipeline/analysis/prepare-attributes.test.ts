import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../core/config/schema.js';
import { deriveSql } from '../../core/parse/derive.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { prepareAttributes } from './prepare-attributes.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-attributes-'));
let dataset: Dataset;

// A list column whose cells repeat, in several orders and spellings, empty, a null token.
const tech = [
  'AWS;Slack',
  'Slack;AWS',
  'aws ; slack',
  '',
  'n/a',
  'HubSpot',
  'Slack;HubSpot;AWS',
  'AWS;HubSpot',
  'HubSpot;Slack',
  'Slack',
  'AWS',
  'hubspot;aws;slack',
];

beforeAll(async () => {
  const rows = Array.from({ length: 60 }, (_, i) => `A${i},Retail,"${tech[i % tech.length]}"`);
  writeFileSync(join(dir, 'accounts.csv'), ['Account ID,Industry,Tech', ...rows].join('\n'));
  const config = configSchema.parse({ sources: { accounts: { path: 'accounts.csv' } } });
  dataset = await loadDataset({ config, file: 'x', baseDir: dir }, { today: '2026-11-23' });
});
afterAll(() => {
  dataset.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('prepareAttributes', () => {
  it("computes a list's has-X attributes on its distinct cells, each account's as its own cell's", async () => {
    const prepared = await prepareAttributes(dataset);
    const has = prepared.candidates.filter((c) => c.name.startsWith('Tech has '));
    expect(has.map((c) => c.name).sort()).toEqual([
      'Tech has AWS',
      'Tech has HubSpot',
      'Tech has Slack',
    ]);
    // The same rule over every account's own cell, row by row.
    const own = has.map(
      (c) =>
        `${deriveSql('duckdb', prepared.derive.get(c.name)!, 'a."Tech"')} AS ${quoteIdent(c.name)}`,
    );
    const names = ['account_id', 'Tech', ...has.map((c) => c.name)].map(quoteIdent).join(', ');
    const got = await dataset.db.all(`SELECT ${names} FROM ${prepared.table} ORDER BY account_id`);
    const want = await dataset.db.all(
      `SELECT ${names} FROM (SELECT a.account_id, a."Tech", ${own.join(', ')} FROM accounts a) ORDER BY account_id`,
    );
    expect(got).toEqual(want);
    expect(got.filter((r) => r['Tech has AWS'] === null)).toHaveLength(10);
    expect(got.filter((r) => r['Tech has HubSpot'] === 'yes')).toHaveLength(25);
    // The cells are split once per distinct cell: the plan groups them before the join.
    const plan = await dataset.db.all(`EXPLAIN SELECT * FROM ${prepared.table}`);
    const text = plan.map((r) => String(r.explain_value)).join('\n');
    expect(text).toContain('HASH_GROUP_BY');
    expect(text).toContain('HASH_JOIN');
  });
});
