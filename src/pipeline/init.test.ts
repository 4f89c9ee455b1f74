import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from './check.js';
import { initConfig } from './init.js';

const maven = '../shared/datasets/maven-crm-sales-opportunities';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'icp-init-'));
  dirs.push(d);
  return d;
};

describe('initConfig', () => {
  it('recognises the Maven export with no mapping, says what it guessed, and the config loads', async () => {
    const dir = tempDir();
    for (const f of ['accounts.csv', 'sales_pipeline.csv', 'products.csv', 'sales_teams.csv']) {
      copyFileSync(join(maven, f), join(dir, f));
    }
    const result = await initConfig(dir);
    expect(result.notes).toEqual([
      // "revenue" and "office_location" are no longer aliases: they may mean what the customer
      // pays and a city; they stay attributes under their own names.
      'accounts.csv: accounts (account_id <- "account", industry <- "sector", employees <- "employees"); 4 other columns kept as attributes.',
      'products.csv: did not look like any table (headers: product, series, sales_price); left out.',
      'sales_pipeline.csv: stages Won taken as won, Lost as lost, Engaging, Prospecting as open.',
      'sales_pipeline.csv: deals (deal_id <- "opportunity_id", account_id <- "account", created_at <- "engage_date", closed_at <- "close_date", stage <- "deal_stage", amount <- "close_value", owner <- "sales_agent"); 1 other column kept as attributes.',
      'sales_teams.csv: did not look like any table (headers: sales_agent, manager, regional_office); left out.',
    ]);
    writeFileSync(join(dir, 'icp.config.yaml'), result.yaml);
    const profile = await check(join(dir, 'icp.config.yaml'), { today: '2026-11-23' });
    expect(profile.tables.map((t) => [t.table, t.rows])).toEqual([
      ['accounts', 85],
      ['deals', 8800],
    ]);
  });

  it('refuses a folder without an accounts file, naming the files it saw', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.csv'), 'when,what\n2024-01-01,hello\n');
    await expect(initConfig(dir)).rejects.toThrow(
      `${dir}: none of notes.csv looks like an accounts file (one row per company with an id column). Add one, or write the config by hand (see the README).`,
    );
  });

  it('refuses a folder with no data files', async () => {
    const dir = tempDir();
    await expect(initConfig(dir)).rejects.toThrow(
      `${dir}: no CSV, TSV, Parquet or JSON files here. Put your exports in this folder or pass another one.`,
    );
  });
});
