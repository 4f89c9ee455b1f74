import { describe, expect, it } from 'vitest';
import { costHeadline, netCostOfPoorFit, ratioInterval } from './net-cost.js';

// Three accounts of tiers A-B, (net value, deals worked): (10, 1), (30, 2), (20, 1).
const ab = {
  m: 3,
  sumV: 60,
  sumE: 4,
  sumVV: 100 + 900 + 400,
  sumVE: 10 + 60 + 20,
  sumEE: 1 + 4 + 1,
};

describe('ratioInterval', () => {
  it('is sum(v) / sum(e) with accounts as the independent units, Student t over them', () => {
    // Residuals v - 15 e: -5, 0, 5; variance 3/2 x 50 / 4^2; t(2) 97.5% = 4.302653 (R's qt).
    const se = Math.sqrt(1.5 * 50) / 4;
    const r = ratioInterval(ab)!;
    expect(r.value).toBe(15);
    expect(r.lo).toBeCloseTo(15 - 4.302652729749464 * se, 8);
    expect(r.hi).toBeCloseTo(15 + 4.302652729749464 * se, 8);
  });

  it('is null with fewer than two accounts or no effort', () => {
    expect(ratioInterval({ ...ab, m: 1 })).toBeNull();
    expect(ratioInterval({ ...ab, sumE: 0 })).toBeNull();
  });
});

describe('netCostOfPoorFit', () => {
  it('is the A-B value of the same effort less what the bad-fit customers earned, in two parts', () => {
    const c = netCostOfPoorFit('deal', ab, { customers: 2, effort: 3, earned: 8, lost: 2 });
    // 3 deals x 15 - (8 - 2)
    expect(c.amount).toBe(39);
    expect(c.parts.map((p) => [p.part, p.amount])).toEqual([
      ['what bad-fit customers cost beyond what they paid', 2],
      ['margin the same effort earned in tiers A-B, beyond what bad-fit customers earned', 37],
    ]);
    expect(c.formula).toBe(
      'deals worked on bad-fit customers (3) x net value per deal worked in tiers A-B (15) - net value of the bad-fit customers (6)',
    );
    expect(c.interval!.lo).toBeLessThan(39);
    expect(c.interval!.hi).toBeGreaterThan(39);
    expect(c.basis).toMatchObject({ unit: 'deal', badFitNetValue: 6, valuePerUnitAB: 15 });
  });

  it('says why when tiers A-B are too few to price the effort', () => {
    const c = netCostOfPoorFit(
      'customer',
      { ...ab, m: 1 },
      { customers: 2, effort: 2, earned: 8, lost: 0 },
    );
    expect(c.amount).toBeNull();
    expect(c.reason).toBe(
      'tiers A-B hold 1 account with customers: too few to say what the same effort earns there',
    );
  });
});

describe('costHeadline', () => {
  it('gives the value and one sentence with the interval', () => {
    const c = netCostOfPoorFit('deal', ab, { customers: 2, effort: 3, earned: 8, lost: 2 });
    const h = costHeadline(c, 'EUR');
    expect(h.value).toBe('39 EUR');
    expect(h.sentence).toMatch(
      /^Net value lost against the ICP’s customers \(95% interval -?[\d,]+ EUR to [\d,]+ EUR\): the 2 bad-fit customers took 3 deals worked; as many deals earned 15 EUR each in tiers A-B \(45 EUR\), while they earned 6 EUR net of cost to serve\.$/,
    );
  });

  it('says "none" when the bad-fit customers earned as much as the same effort in A-B', () => {
    const c = netCostOfPoorFit('deal', ab, { customers: 2, effort: 1, earned: 40, lost: 0 });
    expect(costHeadline(c, 'EUR').value).toBe('none');
    expect(costHeadline(c, 'EUR').sentence).toContain('poor fit costs nothing measurable here');
  });

  it('says n/a with the reason when it cannot be measured', () => {
    const c = netCostOfPoorFit(
      'deal',
      { ...ab, m: 0 },
      { customers: 0, effort: 0, earned: 0, lost: 0 },
    );
    expect(costHeadline(c, 'EUR')).toEqual({
      value: 'n/a',
      sentence:
        'Not measurable: tiers A-B hold 0 accounts with closed deals: too few to say what the same effort earns there.',
    });
  });
});
