import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { derivedFrom } from '../../core/icp/derived-attributes.js';
import { loadConfig } from '../../data/config/load-config.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { prepareAttributes } from '../analysis/prepare-attributes.js';
import { discover } from './discover-config.js';
import { discoverGeneric } from './discover-generic.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-account-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** "Clearly above" the overall rate, as the report's lift chart says it. */
const clearlyAbove = (b: { interval: { lo: number } }, base: number) => b.interval.lo > base;

describe('intervals over deals count accounts, not deals', () => {
  it('Maven: a country that is one account with 100 deals is not clearly above anything', async () => {
    const icp = await discover('examples/maven-crm/icp.config.yaml', {
      today: '2026-11-23',
      registry: false,
    });
    const country = icp.evidence.find((e) => e.attribute === 'Country')!;
    const panama = country.bins.find((b) => b.label === 'Panama')!;
    expect(panama.count).toBe(100);
    expect(panama.interval).toEqual({ lo: 0, hi: 1 });
    expect(country.bins.filter((b) => clearlyAbove(b, icp.target.base_rate))).toEqual([]);
  });

  it('--data with --account: rows of one account are one unit in every interval', async () => {
    // 300 deals: "Big Co" alone is region North with 100 deals, 90 won; the rest are 200
    // accounts of one deal each, half won, in regions East and West.
    const lines = ['deal,account,region,won'];
    for (let i = 0; i < 100; i++) lines.push(`d${i},big,North,${i < 90 ? 'yes' : 'no'}`);
    for (let i = 0; i < 200; i++)
      lines.push(`e${i},a${i},${i % 2 ? 'East' : 'West'},${i % 4 < 2 ? 'yes' : 'no'}`);
    const file = join(dir, 'deals.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const options = { data: file, target: 'won', positive: 'yes', id: 'deal' } as const;
    const byDeal = await discoverGeneric(options);
    const byAccount = await discoverGeneric({ ...options, account: 'account' });
    const north = (icp: typeof byDeal) =>
      icp.evidence.find((e) => e.attribute === 'region')!.bins.find((b) => b.label === 'North')!;
    expect(north(byDeal).interval.lo).toBeGreaterThan(0.8);
    expect(north(byAccount).interval).toEqual({ lo: 0, hi: 1 });
    // The account column is the unit, not an attribute.
    expect(byAccount.evidence.map((e) => e.attribute)).toEqual(['region']);
    expect(byAccount.provenance.settings.account).toBe('account');
  });
});

describe('attributes computed from other tables', () => {
  it('are all named so that derivedFrom recognises them, and no account column is', async () => {
    await generateWorld({ accounts: 300, seed: 3, out: join(dir, 'world') });
    const dataset = await loadDataset(await loadConfig(join(dir, 'world', 'icp.config.yaml')), {
      today: WORLD_TODAY,
    });
    try {
      const { candidates, derive } = await prepareAttributes(dataset);
      const accounts = dataset.tables.get('accounts')!;
      const fromAccounts = new Set([
        ...accounts.extras.map((x) => x.name),
        // Computed from an accounts column by a rule every scoring path applies ("Tech Stack has AWS").
        ...derive.keys(),
        'Industry',
        'Employees',
        'Annual revenue',
        'Country',
      ]);
      const derived = candidates.map((c) => c.name).filter((n) => !fromAccounts.has(n));
      expect(derived.length).toBeGreaterThan(1);
      for (const name of derived) expect(derivedFrom(name), name).not.toBeNull();
      for (const name of fromAccounts) expect(derivedFrom(name), name).toBeNull();
    } finally {
      dataset.close();
    }
  });
});
