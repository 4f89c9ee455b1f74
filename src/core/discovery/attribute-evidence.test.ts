import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { wilsonInterval } from '../stats/wilson.js';
import { measureEvidence } from './attribute-evidence.js';
import { runDiscovery } from './run-discovery.js';

/**
 * 3,000 deal rows of 600 accounts (five deals each, alike within an account): "plan" and
 * "size" separate the won deals, "noise" does not. Rows of one account share a group.
 */
function dealRows() {
  const r = createRandom(11);
  const accounts = 600;
  const groups = new Int32Array(accounts * 5);
  const plan: string[] = [];
  const size = new Float64Array(groups.length);
  const noise: string[] = [];
  const target = new Uint8Array(groups.length);
  for (let a = 0, i = 0; a < accounts; a++) {
    const pro = r.chance(0.4);
    const employees = r.int(5, 500);
    for (let d = 0; d < 5; d++, i++) {
      groups[i] = a;
      plan.push(pro ? 'pro' : 'basic');
      size[i] = employees;
      noise.push(r.chance(0.5) ? 'x' : 'y');
      target[i] = r.chance(pro ? 0.6 : employees > 250 ? 0.4 : 0.2) ? 1 : 0;
    }
  }
  const candidates = [
    { name: 'plan', kind: 'categorical' as const },
    { name: 'size', kind: 'numeric' as const },
    { name: 'noise', kind: 'categorical' as const },
  ];
  return { numbers: { size }, texts: { plan, noise }, candidates, target, groups, model: false };
}

describe('measureEvidence with groups', () => {
  it('gives each bin an interval over the groups, or Wilson’s when the caller reads no table', () => {
    const input = dealRows();
    const read = measureEvidence(input);
    const unread = measureEvidence({ ...input, evidence: false });
    // The same counts, information values, leakage and ranking either way.
    const counts = (t: (typeof read.tables)[number]) => ({
      iv: t.iv,
      rows: t.rows.map(({ interval: _, ...rest }) => rest),
    });
    expect(unread.tables.map(counts)).toEqual(read.tables.map(counts));
    expect(unread.ranked).toEqual(read.ranked);
    expect(unread.pValues).toEqual(read.pValues);
    // Over 600 accounts of five alike deals, "pro"'s interval is wider than Wilson's on rows.
    const pro = (t: typeof read.tables) =>
      t.find((x) => x.attribute === 'plan')?.rows.find((row) => row.label === 'pro');
    const row = pro(unread.tables);
    expect(row?.interval).toEqual(wilsonInterval(row?.positives ?? 0, row?.count ?? 0));
    const over = pro(read.tables)?.interval;
    expect((over?.hi ?? 0) - (over?.lo ?? 0)).toBeGreaterThan(
      (row?.interval.hi ?? 0) - (row?.interval.lo ?? 0),
    );
  });

  it('finds the same segments and bins without the evidence list when told it is not read', () => {
    const input = dealRows();
    const read = runDiscovery(input);
    const unread = runDiscovery({ ...input, evidence: false });
    expect(read.evidence.map((e) => e.table.attribute)).toEqual(['plan', 'size', 'noise']);
    expect(unread.evidence).toEqual([]);
    expect(unread.segments).toEqual(read.segments);
    expect(unread.selected).toEqual(read.selected);
    expect(unread.segments.length).toBeGreaterThan(0);
  });
});
