import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../core/config/schema.js';
import { clusterRate } from '../../core/stats/cluster-rate.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { computePersonas } from './personas.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-personas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The four tables of a buying committee, loaded from the CSV files in `folder`. */
function loadCommittee(folder: string) {
  const config = configSchema.parse({
    sources: {
      accounts: { path: 'accounts.csv' },
      deals: { path: 'deals.csv' },
      contacts: { path: 'contacts.csv' },
      deal_contacts: { path: 'deal_contacts.csv' },
    },
  });
  return loadDataset({ config, file: 'x', baseDir: folder }, { today: '2026-11-23' });
}

describe('computePersonas', () => {
  it('counts won and lost deals per role, the deal role overriding the contact role', async () => {
    writeFileSync(join(dir, 'accounts.csv'), 'Account ID\nA1\nA2\n');
    // D1, D2 won with an economic buyer; D3 lost with one; D4 lost without; D5 open (ignored).
    writeFileSync(
      join(dir, 'deals.csv'),
      'Deal ID,Account ID,Stage\nD1,A1,Won\nD2,A2,Won\nD3,A1,Lost\nD4,A2,Lost\nD5,A1,Proposal\n',
    );
    writeFileSync(
      join(dir, 'contacts.csv'),
      'Contact ID,Account ID,Role,Seniority\nC1,A1,Champion,VP\nC2,A2,Economic Buyer,C-level\nC3,A1,User,Manager\n',
    );
    writeFileSync(
      join(dir, 'deal_contacts.csv'),
      'Deal ID,Contact ID,Role\nD1,C1,Economic Buyer\nD1,C3,\nD2,C2,\nD3,C2,\nD4,C3,\nD5,C1,\n',
    );
    const ds = await loadCommittee(dir);
    try {
      const result = await computePersonas(ds, { minDeals: 1 });
      expect(result.closedDeals).toBe(4);
      expect(result.baseWinRate).toBe(0.5);
      expect(
        result.rows.map((r) => [
          r.dimension,
          r.value,
          r.deals,
          r.won,
          r.winRate,
          r.winRateWithout,
          r.lift,
        ]),
      ).toEqual([
        ['seniority', 'VP', 1, 1, 1, 1 / 3, 2],
        ['role', 'Economic Buyer', 3, 2, 2 / 3, 0, 4 / 3],
        ['role', 'User', 2, 1, 0.5, 0.5, 1],
        ['seniority', 'C-level', 2, 1, 0.5, 0.5, 1],
        ['seniority', 'Manager', 2, 1, 0.5, 0.5, 1],
      ]);
      // VP is on one deal of one account: one unit says nothing beyond 0-1.
      expect(result.rows[0]!.interval).toEqual({ lo: 0, hi: 1 });
      // Economic Buyer: A1 won 1 of 2 (D1, D3), A2 won 1 of 1 (D2); rate 2/3 over two accounts,
      // sandwich variance (2/1) x ((1 - 2/3 x 2)^2 + (1 - 2/3)^2) / 3^2 = 0.049, below the
      // binomial (2/3)(1/3)/3 = 0.074, which it is raised to; times Student's t with one degree
      // of freedom: two accounts are two units.
      const sandwich = (2 * ((1 - (2 / 3) * 2) ** 2 + (1 - 2 / 3) ** 2)) / 9;
      const se = Math.sqrt(Math.max(sandwich, ((2 / 3) * (1 / 3)) / 3));
      const eb = result.rows[1]!.interval;
      expect(eb.lo).toBeCloseTo(Math.max(0, 2 / 3 - 12.706204736174707 * se), 12);
      expect(eb.hi).toBeCloseTo(Math.min(1, 2 / 3 + 12.706204736174707 * se), 12);
    } finally {
      ds.close();
    }
  });

  it('falls back to Wilson on the accounts when every account wins at the same rate', async () => {
    const sub = join(dir, 'same-rate');
    mkdirSync(sub);
    writeFileSync(join(sub, 'accounts.csv'), 'Account ID\nA1\nA2\nA3\n');
    // Each account wins 1 of its 2 deals with a champion: no spread between accounts, so the
    // sandwich variance is 0 and the interval is Wilson's on 3 accounts at rate 1/2.
    writeFileSync(
      join(sub, 'deals.csv'),
      'Deal ID,Account ID,Stage\nD1,A1,Won\nD2,A1,Lost\nD3,A2,Won\nD4,A2,Lost\nD5,A3,Won\nD6,A3,Lost\n',
    );
    writeFileSync(join(sub, 'contacts.csv'), 'Contact ID,Account ID,Role\nC1,A1,Champion\n');
    writeFileSync(
      join(sub, 'deal_contacts.csv'),
      'Deal ID,Contact ID\nD1,C1\nD2,C1\nD3,C1\nD4,C1\nD5,C1\nD6,C1\n',
    );
    const ds = await loadCommittee(sub);
    try {
      const result = await computePersonas(ds, { minDeals: 1 });
      expect(result.rows.map((r) => [r.dimension, r.value, r.deals, r.won])).toEqual([
        ['role', 'Champion', 6, 3],
      ]);
      expect(result.rows[0]!.interval).toEqual(wilsonInterval(1.5, 3));
      // The same as clusterRate over the three accounts' counts.
      const pooled = clusterRate(Array.from({ length: 3 }, () => ({ positives: 1, n: 2 })))!;
      expect(result.rows[0]!.interval).toEqual({ lo: pooled.lo, hi: pooled.hi });
    } finally {
      ds.close();
    }
  });
});
