import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../core/config/schema.js';
import { Database } from '../db/database.js';
import { loadDataset } from './load-dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-formats-'));
const csv =
  'Account ID,Industry,Employees,Created At\nA1,Fintech,250,2021-03-04\nA2,Retail,,2020-11-30\nA3,SaaS,40,\n';

beforeAll(async () => {
  writeFileSync(join(dir, 'accounts.csv'), csv);
  writeFileSync(join(dir, 'accounts.tsv'), csv.replaceAll(',', '\t'));
  writeFileSync(
    join(dir, 'accounts.json'),
    JSON.stringify([
      { 'Account ID': 'A1', Industry: 'Fintech', Employees: 250, 'Created At': '2021-03-04' },
      { 'Account ID': 'A2', Industry: 'Retail', Employees: null, 'Created At': '2020-11-30' },
      { 'Account ID': 'A3', Industry: 'SaaS', Employees: 40, 'Created At': null },
    ]),
  );
  writeFileSync(
    join(dir, 'accounts.ndjson'),
    '{"Account ID":"A1","Industry":"Fintech","Employees":250,"Created At":"2021-03-04"}\n{"Account ID":"A2","Industry":"Retail","Employees":null,"Created At":"2020-11-30"}\n{"Account ID":"A3","Industry":"SaaS","Employees":40,"Created At":null}\n',
  );
  // A real Parquet file with typed columns (BIGINT, DATE), written by DuckDB itself.
  const db = await Database.open();
  await db.run(
    `COPY (SELECT "Account ID", Industry, CAST(Employees AS BIGINT) AS Employees, CAST("Created At" AS DATE) AS "Created At" FROM read_csv('${join(dir, 'accounts.csv')}', all_varchar = true)) TO '${join(dir, 'accounts.parquet')}' (FORMAT parquet)`,
  );
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loading every supported format', () => {
  it.each(['accounts.csv', 'accounts.tsv', 'accounts.json', 'accounts.ndjson', 'accounts.parquet'])(
    '%s loads to the same typed table',
    async (path) => {
      const ds = await loadDataset(
        {
          config: configSchema.parse({ sources: { accounts: { path } } }),
          file: 'x',
          baseDir: dir,
        },
        { today: '2026-11-23' },
      );
      try {
        expect(
          await ds.db.all(
            'SELECT _source_row, account_id, industry, employees, CAST(created_at AS VARCHAR) AS created_at FROM accounts ORDER BY account_id',
          ),
        ).toEqual([
          {
            _source_row: path.endsWith('sv') ? '2' : '1',
            account_id: 'A1',
            industry: 'Fintech',
            employees: '250',
            created_at: '2021-03-04',
          },
          {
            _source_row: path.endsWith('sv') ? '3' : '2',
            account_id: 'A2',
            industry: 'Retail',
            employees: null,
            created_at: '2020-11-30',
          },
          {
            _source_row: path.endsWith('sv') ? '4' : '3',
            account_id: 'A3',
            industry: 'SaaS',
            employees: '40',
            created_at: null,
          },
        ]);
      } finally {
        ds.close();
      }
    },
  );
});
