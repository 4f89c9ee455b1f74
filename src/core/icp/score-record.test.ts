import { describe, expect, it } from 'vitest';
import { attribute, bin, handIcp } from '../../../test/support/hand-icp.js';
import type { IcpDefinition } from './definition.js';
import { sizeMarket } from './market-size.js';
import { roundHalfUp, scorePlan } from './score-plan.js';
import { scoreRecord } from './score-record.js';

/**
 * A hand-built ICP whose weights, averages and reasons are worked out by hand below.
 * 100 training rows per attribute, 20 of them ideal (base rate 20%).
 */
const HAND_ICP = handIcp({
  id: 'hand2',
  attributes: [
    // Points 0, 30, 50, 5 on 40, 40, 10, 10 rows: average 17.5, standard deviation 17.5.
    attribute('Employees', 'numeric', [
      bin({ kind: 'range', lo: null, hi: 100, label: '< 100' }, 0, 40, 2),
      bin({ kind: 'range', lo: 100, hi: 1000, label: '100 – 1,000' }, 30, 40, 11),
      bin({ kind: 'range', lo: 1000, hi: null, label: '≥ 1,000' }, 50, 10, 5),
      bin({ kind: 'missing', label: 'missing' }, 5, 10, 2),
    ]),
    // Points 40, 20, 10, 0 on 20, 30, 30, 20 rows: average 17, standard deviation sqrt(181).
    attribute('Industry', 'categorical', [
      bin({ kind: 'categories', values: ['fintech'], label: 'Fintech' }, 40, 20, 10),
      bin({ kind: 'categories', values: ['retail', 'health care'], label: 'Retail' }, 20, 30, 6),
      bin({ kind: 'other', label: 'other' }, 10, 30, 3),
      bin({ kind: 'missing', label: 'missing' }, 0, 20, 1),
    ]),
    // Points 2, 1, 0 on 50, 40, 10 rows: average 1.4, standard deviation sqrt(0.44).
    attribute('Region', 'categorical', [
      bin({ kind: 'categories', values: ['north america'], label: 'North America' }, 2, 50, 11),
      bin({ kind: 'other', label: 'other' }, 1, 40, 8),
      bin({ kind: 'missing', label: 'missing' }, 0, 10, 1),
    ]),
  ],
  tiers: { A: 73, B: 50, C: 30 },
});

// Weights: 17.5, sqrt(181) = 13.4536, sqrt(0.44) = 0.6633; total 31.6169.
const W_EMPLOYEES = 17.5 / (17.5 + Math.sqrt(181) + Math.sqrt(0.44));

describe('coverage and tier unknown', () => {
  it('weighs each attribute by the spread of its points over the training rows', () => {
    const plan = scorePlan(HAND_ICP);
    expect(plan.attributes.map((a) => a.weight.toFixed(4))).toEqual(['0.5535', '0.4255', '0.0210']);
    expect(plan.minCoverage).toBe(0.5);
  });

  it('gives an empty record tier unknown with the reason, not a tier from its missing bins', () => {
    const r = scoreRecord(HAND_ICP, {});
    expect(r.tier).toBe('unknown');
    expect(r.coverage).toBe(0);
    expect(r.score).toBe(5);
    expect(r.unknownReason).toBe('too little is known: Employees, Industry and Region are missing');
    expect(r.nearMiss).toBeUndefined();
    expect(r.missing).toEqual(['Employees', 'Industry', 'Region']);
  });

  it('tiers a record once the observed weight reaches the minimum, by the ICP or the caller', () => {
    const employees = scoreRecord(HAND_ICP, { Employees: 450 });
    expect(employees.coverage).toBe(roundHalfUp(W_EMPLOYEES, 4));
    expect(employees.coverage).toBe(0.5535);
    expect(employees.tier).toBe('C');
    const rest = scoreRecord(HAND_ICP, { Industry: 'Fintech', Region: 'North America' });
    expect(rest.coverage).toBe(0.4465);
    expect(rest.tier).toBe('unknown');
    expect(rest.reasonText).toBe(
      'too little is known: Employees is missing; Industry = Fintech: +23.0 points vs average (ideal customers 2.5x as common as overall); Region = North America: +0.6 points vs average (ideal customers 1.1x as common as overall); Employees missing: -12.5 points vs average',
    );
    expect(scoreRecord(HAND_ICP, { Industry: 'Fintech' }, { minCoverage: 0.4 }).tier).toBe('C');
    const strict: IcpDefinition = { ...HAND_ICP, tiers: { ...HAND_ICP.tiers!, min_coverage: 0.6 } };
    expect(scoreRecord(strict, { Employees: 450 }).tier).toBe('unknown');
  });
});

describe('reasons', () => {
  it('names the three strongest for and against, each readable alone, never one about average', () => {
    const best = scoreRecord(HAND_ICP, {
      Employees: 2000,
      Industry: 'Fintech',
      Region: 'North America',
    });
    expect(best.tier).toBe('A');
    expect(best.topPositive.map((r) => r.attribute)).toEqual(['Employees', 'Industry', 'Region']);
    expect(best.topNegative).toEqual([]);
    expect(best.reasonText).toBe(
      'Employees ≥ 1,000: +32.5 points vs average (ideal customers 2.5x as common as overall); Industry = Fintech: +23.0 points vs average (ideal customers 2.5x as common as overall); Region = North America: +0.6 points vs average (ideal customers 1.1x as common as overall)',
    );
    // Region "other" is 0.4 below average: too small to be a reason.
    const worst = scoreRecord(HAND_ICP, { Employees: 50, Industry: 'Mining', Region: 'Asia' });
    expect(worst.reasonText).toBe(
      'Employees < 100: -17.5 points vs average (ideal customers 4.0x rarer than overall); Industry = other (rare values): -7.0 points vs average (ideal customers 2.0x rarer than overall)',
    );
    expect(worst.reasons).toHaveLength(3);
    expect(worst.reasons[2]!.text).toBe('Region = other (rare values): -0.4 points vs average');
  });

  it('leaves out evidence that points against the points', () => {
    // Retail scores 3 above average, yet its rate (20%) is the base rate: no lift clause.
    const r = scoreRecord(HAND_ICP, {
      Employees: 450,
      Industry: 'retail',
      Region: 'North America',
    });
    expect(r.topPositive.map((x) => x.text)).toEqual([
      'Employees 100 – 1,000: +12.5 points vs average (ideal customers 1.4x as common as overall)',
      'Industry = Retail: +3.0 points vs average',
      'Region = North America: +0.6 points vs average (ideal customers 1.1x as common as overall)',
    ]);
  });
});

describe('rounding, near misses, values read as missing, the map', () => {
  it('rounds half up at one decimal for scores and four for shares', () => {
    expect(roundHalfUp(14.290999999999999, 1)).toBe(14.3);
    expect(roundHalfUp(0.1 + 0.2, 1)).toBe(0.3);
    expect(roundHalfUp(0.123449, 4)).toBe(0.1234);
    expect(scoreRecord(HAND_ICP, { Employees: 450 }).probability).toBe(0.1824);
  });

  it('flags a near miss only when one attribute moving one bin makes up the points', () => {
    // Region "Asia" is not a named category: its "other" bin, 1 point.
    const near = scoreRecord(HAND_ICP, { Employees: 950, Industry: 'Fintech', Region: 'Asia' });
    expect([near.score, near.tier]).toEqual([71, 'B']);
    expect(near.nearMiss).toBe('2.0 points short of tier A; Employees ≥ 1,000 would add 20.0');
    const close = scoreRecord(HAND_ICP, {
      Employees: 950,
      Industry: 'Fintech',
      Region: 'North America',
    });
    expect(close.score).toBe(72);
    expect(close.nearMiss).toBe('1.0 points short of tier A; Employees ≥ 1,000 would add 20.0');
    // As short, but at the top Employees bin: no move of one attribute adds a point.
    const top = scoreRecord(HAND_ICP, { Employees: 2000, Industry: 'retail', Region: 'Asia' });
    expect([top.score, top.tier, top.nearMiss]).toEqual([71, 'B', undefined]);
    // Three points short is too far.
    const far = scoreRecord(HAND_ICP, { Employees: 950, Industry: 'Fintech' });
    expect([far.score, far.nearMiss]).toEqual([70, undefined]);
  });

  it('warns of a value it cannot read, names it, and scores the attribute as missing', () => {
    const r = scoreRecord(HAND_ICP, { Employees: '12O0', Industry: 'Fintech', region: true });
    expect(r.missing).toEqual(['Employees']);
    expect(r.warnings).toEqual([
      {
        field: 'Employees',
        attribute: 'Employees',
        value: '12O0',
        message: '"12O0" is not a number, so Employees was scored as missing',
      },
    ]);
    expect(scoreRecord(HAND_ICP, { employees: true }).warnings[0]?.message).toBe(
      'true is not a number, so Employees was scored as missing',
    );
    // A null token is an honest "missing": no warning.
    expect(scoreRecord(HAND_ICP, { Employees: 'n/a' }).warnings).toEqual([]);
  });

  it('reads an attribute from the field the map names', () => {
    const r = scoreRecord(
      HAND_ICP,
      { employee_count: 450 },
      { map: { Employees: 'employee_count' } },
    );
    expect(r.reasons[0]!.bin).toBe('100 – 1,000');
    expect(r.tier).toBe('C');
  });
});

describe('market size', () => {
  it('counts companies per tier, values them at the ICP economics and judges the A-B share', () => {
    const icp: IcpDefinition = {
      ...HAND_ICP,
      economics: {
        currency: 'EUR',
        tiers: {
          A: {
            accounts: 5,
            customers: 4,
            average_arr: 50_000,
            average_deal_size: 40_000,
            win_rate: 0.5,
          },
          B: {
            accounts: 5,
            customers: 2,
            average_arr: 20_000,
            average_deal_size: null,
            win_rate: null,
          },
          C: {
            accounts: 5,
            customers: 0,
            average_arr: null,
            average_deal_size: null,
            win_rate: null,
          },
          D: {
            accounts: 5,
            customers: 1,
            average_arr: 1_000,
            average_deal_size: 900,
            win_rate: 0.25,
          },
        },
      },
    };
    const m = sizeMarket(icp, { A: 1, B: 3, C: 40, D: 56, unknown: 900 });
    expect(m.companies).toBe(1000);
    expect(m.shareAB).toBe(0.04);
    expect(m.narrow).toBe(true);
    expect(m.tiers.map((t) => [t.tier, t.potentialArr, t.expectedArr])).toEqual([
      ['A', 50_000, 25_000],
      ['B', 60_000, null],
      ['C', null, null],
      ['D', 56_000, 14_000],
      ['unknown', null, null],
    ]);
    const none = sizeMarket(HAND_ICP, { A: 0, B: 0, C: 0, D: 0, unknown: 10 });
    expect(none).toMatchObject({ shareAB: null, narrow: false, currency: null });
  });
});
