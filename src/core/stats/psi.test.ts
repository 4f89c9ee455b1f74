import { describe, expect, it } from 'vitest';
import { PSI_SMOOTHING, populationStabilityIndex, psiReading } from './psi.js';

describe('populationStabilityIndex', () => {
  it('is 0 for the same distribution, whatever the totals', () => {
    const r = populationStabilityIndex([10, 20, 30], [10, 20, 30]);
    expect(r).toEqual({ total: 0, bins: [0, 0, 0], reading: 'stable' });
    // Smoothed [10.5, 20.5, 30.5] against [20.5, 40.5, 60.5]: shares differ slightly, not 0.
    expect(populationStabilityIndex([10, 20, 30], [20, 40, 60]).total).toBeLessThan(1e-3);
  });

  it('adds 0.5 to every count: [3, 1] against [1, 3]', () => {
    expect(PSI_SMOOTHING).toBe(0.5);
    // Smoothed: [3.5, 1.5] / 5 = [0.7, 0.3] and [1.5, 3.5] / 5 = [0.3, 0.7].
    // Bin 1: (0.3 - 0.7) * ln(0.3 / 0.7) = -0.4 * -0.8472979 = 0.3389191
    // Bin 2: (0.7 - 0.3) * ln(0.7 / 0.3) =  0.4 *  0.8472979 = 0.3389191
    // Total 0.8 * ln(7/3) = 0.6778383: a major shift.
    const r = populationStabilityIndex([3, 1], [1, 3]);
    expect(r.total).toBeCloseTo(0.6778383, 6);
    expect(r.bins[0]).toBeCloseTo(0.3389191, 6);
    expect(r.bins[1]).toBeCloseTo(0.3389191, 6);
    expect(r.reading).toBe('major');
  });

  it('stays finite with empty bins: [0, 9] against [9, 0]', () => {
    // Smoothed: [0.5, 9.5] / 10 = [0.05, 0.95] and [9.5, 0.5] / 10 = [0.95, 0.05].
    // Bin 1: (0.95 - 0.05) * ln(0.95 / 0.05) = 0.9 * ln(19) = 0.9 * 2.9444390 = 2.6499951
    // Bin 2: (0.05 - 0.95) * ln(0.05 / 0.95) = -0.9 * -2.9444390 = 2.6499951
    // Total 1.8 * ln(19) = 5.2999902.
    const r = populationStabilityIndex([0, 9], [9, 0]);
    expect(r.total).toBeCloseTo(5.2999902, 6);
    expect(r.bins[0]).toBeCloseTo(2.6499951, 6);
    expect(r.reading).toBe('major');
  });

  it('reads a moderate shift: [4, 5] against [6, 3]', () => {
    // Smoothed: [4.5, 5.5] / 10 = [0.45, 0.55] and [6.5, 3.5] / 10 = [0.65, 0.35].
    // Bin 1: (0.65 - 0.45) * ln(0.65 / 0.45) = 0.2 * 0.3677248 = 0.0735450
    // Bin 2: (0.35 - 0.55) * ln(0.35 / 0.55) = -0.2 * -0.4519851 = 0.0903970
    // Total 0.1639420: between 0.1 and 0.25.
    const r = populationStabilityIndex([4, 5], [6, 3]);
    expect(r.bins[0]).toBeCloseTo(0.073545, 6);
    expect(r.bins[1]).toBeCloseTo(0.090397, 6);
    expect(r.total).toBeCloseTo(0.163942, 6);
    expect(r.reading).toBe('moderate');
  });

  it('reads a small change as stable: [49, 50] against [50, 49]', () => {
    // Smoothed shares [0.495, 0.505] and [0.505, 0.495]:
    // 2 * 0.01 * ln(0.505 / 0.495) = 0.02 * 0.0200007 = 0.0004000.
    const r = populationStabilityIndex([49, 50], [50, 49]);
    expect(r.total).toBeCloseTo(0.0004, 7);
    expect(r.reading).toBe('stable');
  });

  it('without smoothing: [40, 60] against [60, 40], and an empty bin is infinite', () => {
    // Shares [0.4, 0.6] and [0.6, 0.4]: 2 * 0.2 * ln(0.6 / 0.4) = 0.4 * 0.4054651 = 0.1621860.
    expect(populationStabilityIndex([40, 60], [60, 40], { smoothing: 0 }).total).toBeCloseTo(
      0.162186,
      6,
    );
    expect(populationStabilityIndex([0, 10], [5, 5], { smoothing: 0 }).total).toBe(
      Number.POSITIVE_INFINITY,
    );
    // Empty in both: that bin adds nothing.
    expect(populationStabilityIndex([0, 10], [0, 10], { smoothing: 0 }).bins).toEqual([0, 0]);
  });

  it('is symmetric', () => {
    const a = populationStabilityIndex([5, 10, 0, 7], [1, 12, 4, 9]).total;
    const b = populationStabilityIndex([1, 12, 4, 9], [5, 10, 0, 7]).total;
    expect(a).toBeCloseTo(b, 12);
  });

  it('refuses vectors over different bins, negative counts and no bins', () => {
    expect(() => populationStabilityIndex([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => populationStabilityIndex([1, -2], [1, 2])).toThrow(RangeError);
    expect(() => populationStabilityIndex([], [])).toThrow(RangeError);
    expect(() => populationStabilityIndex([0, 0], [1, 2], { smoothing: 0 })).toThrow(RangeError);
  });
});

describe('psiReading', () => {
  it('uses the conventional cut-offs 0.1 and 0.25', () => {
    expect(psiReading(0)).toBe('stable');
    expect(psiReading(0.0999)).toBe('stable');
    expect(psiReading(0.1)).toBe('moderate');
    expect(psiReading(0.25)).toBe('moderate');
    expect(psiReading(0.2501)).toBe('major');
  });
});
