import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database } from '../../data/db/database.js';
import { writeIcp } from '../../data/icp/icp-file.js';
import { generateWorld } from '../../sample/generate-world.js';
import { TRAP, WORLD_TODAY } from '../../sample/planted-truth.js';
import { discover } from '../discover/discover-config.js';
import type { AuditResult } from './audit.js';
import { audit } from './audit-config.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-audit-'));
let result: AuditResult;
const config = () => join(dir, 'world', 'icp.config.yaml');

beforeAll(async () => {
  await generateWorld({ accounts: 5000, seed: 1, out: join(dir, 'world') });
  await writeIcp(join(dir, 'icp.json'), await discover(config(), { today: WORLD_TODAY }));
  result = await audit(config(), join(dir, 'icp.json'), { today: WORLD_TODAY });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit on the sample world', () => {
  it('puts every account in exactly one tier, and each share adds up to the whole', () => {
    expect(result.tiers.reduce((s, t) => s + t.accounts, 0)).toBe(5011);
    for (const s of Object.values(result.shares)) {
      expect(Object.values(s).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('gives every rate its n and a 95% interval around it', () => {
    for (const t of result.tiers.filter((x) => x.accounts > 0)) {
      const r = t.churnRate!;
      expect(r.n).toBe(t.customers);
      expect(r.lo).toBeLessThanOrEqual(r.rate);
      expect(r.hi).toBeGreaterThanOrEqual(r.rate);
    }
  });

  it('lists the trap among the worst bad-fit customers and puts their cost in money', async () => {
    const db = await Database.open();
    const trap = new Set(
      (
        await db.all(
          `SELECT "Account ID" AS id FROM read_csv(${quoteLiteral(join(dir, 'world', 'accounts.csv'))}, all_varchar = true)
           WHERE lower(trim("Industry")) = 'retail' AND TRY_CAST("Employees" AS INTEGER) <= ${TRAP.employeesMax}`,
        )
      ).map((r) => String(r.id)),
    );
    db.close();
    const worst = result.badFit.top.slice(0, 20);
    expect(worst.filter((b) => trap.has(b.accountId)).length).toBeGreaterThanOrEqual(10);
    expect(result.badFit.supportCost).toBeGreaterThan(0);
    expect(result.costOfPoorFit[0]).toMatchObject({
      part: 'support cost of bad-fit customers',
      amount: result.badFit.supportCost,
    });
    expect(result.costOfPoorFit.map((c) => c.part)).toEqual([
      'support cost of bad-fit customers',
      'revenue lost to churn outside the ICP',
      'sales days spent on deals outside the ICP',
    ]);
  });

  it('churns less and earns more per month in tier A than in tier D', () => {
    const [a, , , d] = result.tiers;
    expect(a!.churnRate!.hi).toBeLessThan(d!.churnRate!.lo);
    expect(a!.netValuePerMonth!).toBeGreaterThan(d!.netValuePerMonth! * 5);
  });

  it('is the same, byte for byte, when run again', async () => {
    const again = await audit(config(), join(dir, 'icp.json'), { today: WORLD_TODAY });
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
  });
});

describe('misalignment signals on the sample world', () => {
  it('sees churn concentrated outside the ICP, with the evidence, and says what it does not see', () => {
    const churn = result.signals.find((s) => s.signal === 'churn concentrated outside the ICP')!;
    expect(churn.seen).toBe(true);
    expect(churn.evidence).toMatch(
      /^churn in tiers C-D \d+% \(\d+%-\d+%, n=[\d,]+\) against A-B \d+% \(\d+%-\d+%, n=[\d,]+\)$/,
    );
    expect(result.signals.map((s) => s.signal)).toEqual([
      'low conversion in low tiers',
      'high deal attrition',
      'churn concentrated outside the ICP',
      'long cycles outside the ICP',
      'over-narrow ICP',
    ]);
    // The trap wins deals in the low tiers, so conversion there is not low: no invented misalignment.
    expect(result.signals[0]!.seen).toBe(false);
  });
});
