import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { employeesAttribute, handIcp } from '../../../test/support/hand-icp.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database } from '../../data/db/database.js';
import { scoreFile } from './score-file.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-score-tally-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Employees alone, with a hard rule: fewer than 20 employees is tier D. */
const icp = {
  ...handIcp({
    id: 'tally1',
    attributes: [employeesAttribute()],
    tiers: { A: 40, B: 20, C: 10 },
  }),
  rules: [
    { kind: 'disqualify' as const, when: { attribute: 'Employees', op: '<' as const, value: 20 } },
  ],
};

describe('scoreFile: the summary counted in the scoring pass', () => {
  it('counts tiers, hard-rule hits and unseen values as a scan of the output does, afresh each run', async () => {
    const csv = join(dir, 'leads.csv');
    // 5, 10 and -3 are under 20 (" 20 " is 20); 5, -3 and 6000 are outside 10 – 5,000; "" and
    // "n/a" are missing.
    writeFileSync(csv, 'id,employees\n1,5\n2,10\n3,-3\n4, 20 \n5,150\n6,6000\n7,\n8,n/a\n');
    const out = join(dir, 'scored.csv');
    const first = await scoreFile(icp, csv, out);
    const again = await scoreFile(icp, csv, out);
    expect(again).toEqual(first);
    expect([first.rows, first.disqualified, first.missing, first.outOfRange]).toEqual([
      8,
      3,
      { Employees: 2 },
      { Employees: 3 },
    ]);
    const db = await Database.open();
    try {
      const scan = await db.all(
        `SELECT icp_tier AS tier, count(*) AS n, count(*) FILTER (WHERE icp_disqualified = 'true') AS dq FROM read_csv(${quoteLiteral(out)}, all_varchar = true) GROUP BY ALL ORDER BY tier`,
      );
      expect(Object.entries(first.tiers).filter(([, n]) => n > 0)).toEqual(
        scan.map((t) => [t.tier, Number(t.n)]),
      );
      expect(scan.reduce((n, t) => n + Number(t.dq), 0)).toBe(3);
    } finally {
      db.close();
    }
  });
});
