import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
      expect(s).not.toBeNull();
      expect(Object.values(s ?? {}).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('tiers the 2,808 customers the ICP learned from by scorecards fitted without them', () => {
    expect(result.tierSource.method).toBe('cross-fitted');
    expect(result.tierSource.crossFitted).toBe(2808);
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
    // The bad-fit customers are named beside their ids.
    expect(worst.every((b) => typeof b.name === 'string' && b.name.length > 0)).toBe(true);
  });

  it('puts the cost of poor fit net: what the same deals earned in tiers A-B, less what the bad-fit customers earned', () => {
    const c = result.costOfPoorFit;
    const b = c.basis!;
    expect(b.unit).toBe('deal');
    expect(b.badFitCustomers).toBe(result.badFit.count);
    // Net, not gross: their own net value is subtracted, their support cost is not added.
    expect(b.badFitNetValue).toBeCloseTo(result.badFit.netValue, 2);
    expect(result.badFit.netValue).toBeGreaterThan(0);
    expect(c.amount!).toBeCloseTo(b.badFitEffort * b.valuePerUnitAB - b.badFitNetValue, 4);
    expect(c.parts.map((p) => p.part)).toEqual([
      'what bad-fit customers cost beyond what they paid',
      'margin the same effort earned in tiers A-B, beyond what bad-fit customers earned',
    ]);
    expect(c.parts.reduce((s, p) => s + p.amount, 0)).toBeCloseTo(c.amount!, 4);
    expect(c.interval!.lo).toBeLessThan(c.amount!);
    expect(c.interval!.hi).toBeGreaterThan(c.amount!);
    // Effort is counted in deals worked, not in overlapping calendar days.
    const e = result.effortOutside!;
    const closed = result.tiers.reduce((s, t) => s + (t.winRate?.n ?? 0), 0);
    const outside = result.tiers
      .filter((t) => t.tier !== 'A' && t.tier !== 'B')
      .reduce((s, t) => s + (t.winRate?.n ?? 0), 0);
    expect(e.dealsWorked).toBe(outside);
    expect(e.share).toBeCloseTo(outside / closed, 12);
    expect(result.profile.reliable).toBe(true);
    expect(result.warnings).toEqual([]);
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
      'near misses that perform well',
      'an ICP hiding sub-segments',
    ]);
    // The evidence of each is in the JSON: the near misses are counted there.
    expect(result.nearMiss!.accounts).toBeGreaterThan(0);
    expect(result.signals[5]!.evidence).toContain(
      `${result.nearMiss!.accounts.toLocaleString('en-US')} accounts sit just outside tiers A-B`,
    );
    // The trap wins deals in the low tiers, so conversion there is not low: no invented misalignment.
    expect(result.signals[0]!.seen).toBe(false);
  });
});

describe('audit --market', () => {
  it('counts a market file by tier with coverage: a list without the attributes is unknown, not A-B', async () => {
    const file = join(dir, 'market.csv');
    writeFileSync(
      file,
      'Company,City,Industry,Employees,Annual Revenue\nAcme,Boston,,,\nGlobex,Springfield,,,\nInitech,Austin,Fintech,3000,500000000\n',
    );
    const r = await audit(config(), join(dir, 'icp.json'), { today: WORLD_TODAY, market: file });
    const m = r.market!;
    expect(m.rows).toBe(3);
    // Two know nothing; Initech knows industry, employees and revenue: most of the weight.
    expect(m.tiers).toEqual({ A: 1, B: 0, C: 0, D: 0, unknown: 2, disqualified: 0 });
    expect(m.shareAB).toBe(1);
    const absent = m.attributes.filter((a) => a.how === 'absent').map((a) => a.attribute);
    expect(absent).toEqual(m.absentAttributes);
    expect(absent).not.toContain('Employees');
    expect(r.signals.find((x) => x.signal === 'over-narrow ICP (market)')).toEqual({
      signal: 'over-narrow ICP (market)',
      seen: false,
      evidence: `tiers A-B hold 100% of the 1 company in ${file} that could be tiered (seen below 5%); 2 more are tier unknown; the file has no column for ${absent.join(', ')} (scored as missing)`,
    });
  });
});

describe('an ICP edited to take in the trap', () => {
  it('is audited as is, and the audit sees the sub-segment it hides in tiers A-B', async () => {
    const { readIcp } = await import('../../data/icp/icp-file.js');
    const icp = await readIcp(join(dir, 'icp.json'));
    // A person gives Retail 60 more points: small Retail accounts climb into tiers A-B.
    const edited = {
      ...icp,
      scorecard: {
        ...icp.scorecard!,
        attributes: icp.scorecard!.attributes.map((a) =>
          a.name !== 'Industry'
            ? a
            : {
                ...a,
                bins: a.bins.map((b) =>
                  b.bin.kind === 'categories' &&
                  b.bin.values.some((v) => v.toLowerCase() === 'retail')
                    ? { ...b, points: b.points + 60 }
                    : b,
                ),
              },
        ),
      },
    };
    await writeIcp(join(dir, 'edited.json'), edited);
    const r = await audit(config(), join(dir, 'edited.json'), { today: WORLD_TODAY });
    expect(r.tierSource.method).toBe('as-is');
    expect(r.tierSource.note).toMatch(/^the ICP was edited after discovery/);
    const retail = r.hiddenSubSegments.find((h) => h.attribute === 'Industry')!;
    expect(retail.value).toBe('retail');
    expect(retail.bad.lo).toBeGreaterThan(retail.restBad.hi);
    const hidden = r.signals.find((s) => s.signal === 'an ICP hiding sub-segments')!;
    expect(hidden.seen).toBe(true);
    expect(hidden.evidence).toMatch(
      /^inside tiers A-B, [^=]+ = [^:]+: \d+% \(\d+%-\d+%, n=\d+\) of its customers churned or cost more than they paid, against \d+% /,
    );
  });
});

describe('audit on Maven CRM (no signal there)', () => {
  it('tiers by a cross-fitted exploratory scorecard, and the win rates of the tiers overlap', async () => {
    const icpPath = join(dir, 'maven-icp.json');
    const today = { today: '2026-11-23' };
    await writeIcp(
      icpPath,
      await discover('examples/maven-crm/icp.config.yaml', { ...today, registry: false }),
    );
    const maven = await audit('examples/maven-crm/icp.config.yaml', icpPath, today);
    expect(maven.tierSource.method).toBe('exploratory');
    // Every account with a closed deal (all 85) is tiered by a model that never saw its deals.
    expect(maven.tierSource.crossFitted).toBe(85);
    const rates = maven.tiers.flatMap((t) => (t.winRate ? [t.winRate] : []));
    expect(rates.length).toBe(4);
    expect(rates.reduce((s, r) => s + r.n, 0)).toBe(6711);
    for (const a of rates) for (const b of rates) expect(a.lo).toBeLessThanOrEqual(b.hi);
    expect(maven.signals.find((s) => s.signal === 'low conversion in low tiers')?.seen).toBe(false);
    // No invoices or tickets: nothing about revenue or cost is invented.
    expect(maven.shares.revenue).toBeNull();
    expect(maven.badFit.count).toBe(0);
    // No reliable profile: no leakage, no cost of poor fit, no effort "outside" meaningless tiers.
    expect(maven.profile.reliable).toBe(false);
    expect(maven.profile.reason).toMatch(
      /^No reliable profile: the ICP has no scorecard \(no_signal: /,
    );
    expect(maven.leakage).toBeNull();
    expect(maven.costOfPoorFit.amount).toBeNull();
    expect(maven.effortOutside).toBeNull();
    // 664 open deals have a known account but no amount: said so, and measured by count.
    expect(maven.openDeals).toEqual({ count: 664, withAmount: 0 });
    expect(maven.signals.find((s) => s.signal === 'over-narrow ICP')?.evidence).toMatch(
      /^tiers A-B hold \d+% of the 664 open deals of known accounts, by count: none has an amount \(seen below 20%\)$/,
    );
  });
});
