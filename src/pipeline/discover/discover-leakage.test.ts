import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random/prng.js';
import { discoverGeneric } from './discover-generic.js';

/**
 * 1,500 customers: "status" is filled once they have left (it restates the outcome), while
 * "poutcome" (the outcome of the previous campaign) is known beforehand and merely predicts.
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-leakage-'));
const file = join(dir, 'customers.csv');
const r = createRandom(21);
const lines = ['id,plan,seats,poutcome,status,churned'];
for (let i = 0; i < 1500; i++) {
  const plan = r.pick(['basic', 'pro', 'team']);
  const seats = r.int(1, 200);
  const poutcome = r.pick(['success', 'failure', 'none']);
  const p =
    0.15 + (plan === 'basic' ? 0.2 : 0) + (poutcome === 'failure' ? 0.25 : 0) - seats / 2000;
  const churned = r.chance(p);
  const status = churned ? (r.chance(0.97) ? 'cancelled' : 'active') : 'active';
  lines.push(`C${i},${plan},${seats},${poutcome},${status},${churned ? 'yes' : 'no'}`);
}
writeFileSync(file, `${lines.join('\n')}\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('leakage judged by evidence (--data)', () => {
  it('leaves out a column that restates the outcome, with the evidence, and only warns about a name', async () => {
    const icp = await discoverGeneric({ data: file, target: 'churned', positive: 'yes', id: 'id' });
    const status = icp.excluded.find((x) => x.attribute === 'status');
    expect(status?.reason).toMatch(
      /^suspected leakage: own-bin AUC 0\.9\d\d on its own \(its values alone rank the target almost perfectly\); keep it with --keep "status" \(or discover\.keep in the config\)$/,
    );
    expect(icp.excluded.some((x) => x.attribute === 'poutcome')).toBe(false);
    expect(icp.evidence.find((e) => e.attribute === 'poutcome')?.selected).toBe(true);
    expect(icp.findings.filter((f) => f.includes('named like an outcome'))).toEqual([
      expect.stringMatching(
        /^"poutcome" is named like an outcome; it was kept because nothing in the data shows it leaks \(own-bin AUC 0\.\d{3}\)\. If it is filled only once the outcome is known, leave it out \(--exclude or discover\.exclude\)\.$/,
      ),
    ]);
  });

  it('keeps a leaky column when asked (--keep), and says so', async () => {
    const icp = await discoverGeneric({
      data: file,
      target: 'churned',
      positive: 'yes',
      id: 'id',
      keep: ['status'],
    });
    expect(icp.excluded.some((x) => x.attribute === 'status')).toBe(false);
    expect(icp.evidence[0]?.attribute).toBe('status');
    expect(icp.findings).toContainEqual(
      expect.stringMatching(
        /^"status" looks like leakage \(own-bin AUC 0\.9\d\d on its own \(its values alone rank the target almost perfectly\)\) and was kept because you asked to keep it\.$/,
      ),
    );
    expect(icp.provenance.settings).toMatchObject({ keep: ['status'] });
  });

  it('names a --keep column the file does not have', async () => {
    await expect(
      discoverGeneric({ data: file, target: 'churned', positive: 'yes', keep: ['statuss'] }),
    ).rejects.toThrow(
      `--keep: ${file} has no column "statuss". Did you mean "status"? Columns: id, plan, seats, poutcome, status, churned.`,
    );
  });
});
