import { describe, expect, it } from 'vitest';
import { percent } from './percent.js';

describe('percent', () => {
  it('shows whole percents by default, rounding half up', () => {
    expect([0, 0.25, 0.125, 0.995, 1.5, -0.125].map((x) => percent(x))).toEqual([
      '0%',
      '25%',
      '13%',
      '100%',
      '150%',
      '-13%',
    ]);
  });

  it('shows a fixed number of decimals', () => {
    expect([percent(0.1234, 1), percent(0, 1), percent(0.5, 2)]).toEqual([
      '12.3%',
      '0.0%',
      '50.00%',
    ]);
  });

  it("'small' gives one decimal under 10% of either sign, none from 10% on", () => {
    expect([0.0451, 0, -0.05, 0.1, 0.625, -0.25].map((x) => percent(x, 'small'))).toEqual([
      '4.5%',
      '0.0%',
      '-5.0%',
      '10%',
      '63%',
      '-25%',
    ]);
  });

  it("'trimmed' gives one decimal without a trailing zero", () => {
    expect([0.2, 0.125, 0.3333, 0].map((x) => percent(x, 'trimmed'))).toEqual([
      '20%',
      '12.5%',
      '33.3%',
      '0%',
    ]);
  });

  it('reads n/a for a rate that could not be measured', () => {
    expect([percent(null), percent(null, 'small')]).toEqual(['n/a', 'n/a']);
  });
});
