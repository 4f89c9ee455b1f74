import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load-config.js';
import { loadDataset } from '../load/load-dataset.js';
import { profileDataset } from './profile-dataset.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * Doubles whose sum in file order loses the small ones (1e16 + 1 rounds back to 1e16): the profile's
 * means and the link report's totals are exact sums, the same whatever order DuckDB's threads
 * add them in, so they hold it.
 */
describe('profileDataset', () => {
  it('gives exact means and money totals, not sums of doubles in some order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-profile-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'accounts.csv'),
      'Account ID,Company Name,Score\nA1,Acme,10000000000000000\nA2,Globex,1.5\nA3,Initech,-10000000000000000\n',
    );
    writeFileSync(
      join(dir, 'invoices.csv'),
      'Invoice ID,Account ID,Date,Amount\nI1,A1,2024-01-05,10000000000000000.00\nI2,A2,2024-01-06,1.00\nI3,A3,2024-01-07,1.00\n',
    );
    const sources = {
      accounts: { path: 'accounts.csv' },
      invoices: { path: 'invoices.csv' },
    };
    writeFileSync(join(dir, 'icp.config.yaml'), stringify({ sources }));
    const ds = await loadDataset(await loadConfig(join(dir, 'icp.config.yaml')), {
      today: '2025-01-01',
    });
    try {
      expect(10000000000000000 + 1.5 - 10000000000000000).toBe(2);
      const profile = await profileDataset(ds);
      const score = profile.tables
        .find((t) => t.table === 'accounts')
        ?.columns.find((c) => c.header === 'Score');
      expect(score?.type).toBe('double');
      expect(score?.mean).toBe(0.5);
      expect(10000000000000000 + 1 + 1).toBe(10000000000000000);
      expect(profile.links.find((l) => l.table === 'invoices')?.amount?.total).toBe(
        10000000000000002,
      );
    } finally {
      ds.close();
    }
  });
});
