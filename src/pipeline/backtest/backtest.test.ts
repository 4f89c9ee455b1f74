import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteLiteral } from '../../core/sql/quote.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import { loadConfig } from '../../data/config/load-config.js';
import { Database } from '../../data/db/database.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { generateWorld } from '../../sample/generate-world.js';
import { EMERGING, WORLD_TODAY } from '../../sample/planted-truth.js';
import { discoverIcp } from '../discover/discover.js';
import { backtest, discoverAsOf } from './backtest.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-backtest-'));
const today = { today: WORLD_TODAY };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function discoverIn(world: string, asOf?: string) {
  const loaded = await loadConfig(join(world, 'icp.config.yaml'));
  const dataset = await loadDataset(loaded, today);
  try {
    return asOf
      ? await discoverAsOf(dataset, loaded.config, asOf)
      : await discoverIcp(dataset, loaded.config);
  } finally {
    dataset.close();
  }
}

describe('backtest: nothing after the date reaches the fit', () => {
  const cut = '2025-04-01';
  beforeAll(async () => {
    await generateWorld({ accounts: 3000, seed: 5, out: join(dir, 'a') });
    cpSync(join(dir, 'a'), join(dir, 'b'), { recursive: true });
    // World b rewrites its future: deals opened from the date flip their outcome, invoices from
    // the date triple, tickets from the date double their minutes.
    const db = await Database.open();
    const rewrite = async (file: string, select: string) => {
      const path = join(dir, 'b', file);
      await db.run(
        `CREATE OR REPLACE TABLE t AS SELECT ${select} FROM read_csv(${quoteLiteral(path)}, all_varchar = true)`,
      );
      await db.run(`COPY t TO ${quoteLiteral(path)} (FORMAT csv, HEADER)`);
    };
    const fromCut = (column: string) => `TRY_CAST("${column}" AS DATE) >= DATE '${cut}'`;
    await rewrite(
      'deals.csv',
      `* REPLACE (CASE WHEN ${fromCut('Created At')} AND "Stage" = 'Closed Won' THEN 'Closed Lost'
        WHEN ${fromCut('Created At')} AND "Stage" = 'Closed Lost' THEN 'Closed Won' ELSE "Stage" END AS "Stage")`,
    );
    await rewrite(
      'invoices.csv',
      `* REPLACE (CASE WHEN ${fromCut('Date')} THEN CAST(CAST("Amount" AS DOUBLE) * 3 AS VARCHAR) ELSE "Amount" END AS "Amount")`,
    );
    db.close();
  });

  it('fits the same ICP, byte for byte, however the data after the date change', async () => {
    const a = await discoverIn(join(dir, 'a'), cut);
    const b = await discoverIn(join(dir, 'b'), cut);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    // The rewrite does matter to a fit that may see it.
    const fullA = await discoverIn(join(dir, 'a'));
    const fullB = await discoverIn(join(dir, 'b'));
    expect(fullB.id).not.toBe(fullA.id);
  });
});

describe('quarterly backtest on the sample world', () => {
  it(`sees ${EMERGING.industry} do better than its ICP predicted exactly in the quarters it emerges`, async () => {
    await generateWorld({ accounts: 20000, seed: 1, out: join(dir, 'w20') });
    const result = await backtest(join(dir, 'w20', 'icp.config.yaml'), {
      every: 'quarter',
      since: '2025-01-01',
      target: 'won',
      ...today,
    });
    expect(result.windows.map((w) => w.asOf)).toEqual([
      '2025-01-01',
      '2025-04-01',
      '2025-07-01',
      '2025-10-01',
      '2026-01-01',
      '2026-04-01',
      '2026-07-01',
    ]);
    expect(result.windows.map((w) => w.until)).toEqual([
      '2025-03-31',
      '2025-06-30',
      '2025-09-30',
      '2025-12-31',
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
    ]);
    const flagged = result.windows
      .filter((w) =>
        w.misses.some(
          (m) =>
            m.attribute === 'Industry' && m.bin === EMERGING.industry && m.direction === 'better',
        ),
      )
      .map((w) => w.asOf);
    // The last quarter's deals have mostly not closed yet: too few to tell.
    expect(flagged).toEqual(['2025-10-01', '2026-01-01', '2026-04-01']);
    // Every quarter the ICP learned before still ranks what came after better than chance. (The
    // tiers' lift is no test of the emergence: it moves by about 0.05 from quarter to quarter
    // whatever happens, and the scorecard fitted per fine bin ranks Q4 2025 as well as before.)
    for (const w of result.windows) expect(w.auc!.lo, w.asOf).toBeGreaterThan(0.5);
    for (const w of result.windows) {
      expect(w.tiers.reduce((s, t) => s + t.n, 0)).toBe(w.units);
      expect(w.tiers.reduce((s, t) => s + t.positives, 0)).toBe(w.positives);
    }
    // Over deals, a tier's interval counts its accounts (src/core/stats/account-rate.ts),
    // not a Wilson interval over the deals as if they were independent.
    const tiers = result.windows.flatMap((w) => w.tiers.filter((t) => t.n > 0));
    for (const t of tiers) expect(t.lo <= t.rate && t.rate <= t.hi).toBe(true);
    const wilson = (t: (typeof tiers)[number]) => wilsonInterval(t.positives, t.n);
    expect(tiers.filter((t) => t.lo !== wilson(t).lo || t.hi !== wilson(t).hi).length).toBe(
      tiers.length,
    );
    // Seven discoveries on 20,000 accounts: about 55 s alone, more on a shared machine.
  }, 300_000);
});

describe('periods', () => {
  it('refuses a date after the data end and a missing period', async () => {
    await generateWorld({ accounts: 300, seed: 2, out: join(dir, 'small') });
    const config = join(dir, 'small', 'icp.config.yaml');
    await expect(backtest(config, { asOf: '2026-10-01', ...today })).rejects.toThrow(
      '--as-of 2026-10-01: the data end on 2026-09-30, so nothing came after it to score.',
    );
    await expect(backtest(config, today)).rejects.toThrow(
      'give either --as-of DATE or --every month|quarter|year.',
    );
  });
});
