import { describe, expect, it } from 'vitest';
import { binAuc, judgeLeakage } from './leakage.js';

describe('judgeLeakage', () => {
  it('leaves out a column whose bins alone rank the target almost perfectly', () => {
    const bins = [
      { label: 'cancelled', count: 300, positives: 298 },
      { label: 'active', count: 700, positives: 4 },
    ];
    expect(binAuc(bins)).toBeCloseTo(0.99194, 5);
    expect(judgeLeakage('account state', bins)).toEqual({
      kind: 'exclude',
      evidence: 'own-bin AUC 0.992 on its own (its values alone rank the target almost perfectly)',
    });
  });

  it('leaves out a column with a pure bin holding most rows of one outcome (a reason filled for churners only)', () => {
    const bins = [
      { label: 'price', count: 400, positives: 400 },
      { label: 'missing', count: 1600, positives: 200 },
    ];
    expect(binAuc(bins)).toBeLessThan(0.95);
    expect(judgeLeakage('reason', bins)).toEqual({
      kind: 'exclude',
      evidence: 'the bin "price" is 100.0% positive and holds 66.7% of all positive rows',
    });
  });

  it('only warns about a name like an outcome (poutcome: the previous campaign) when nothing shows a leak', () => {
    const bins = [
      { label: 'success', count: 100, positives: 65 },
      { label: 'failure', count: 900, positives: 110 },
    ];
    expect(judgeLeakage('poutcome', bins)).toEqual({
      kind: 'warn',
      note: '"poutcome" is named like an outcome; it was kept because nothing in the data shows it leaks (own-bin AUC 0.665). If it is filled only once the outcome is known, leave it out (--exclude or discover.exclude).',
    });
    expect(judgeLeakage('region', bins)).toBeUndefined();
  });

  it('does not call a large segment that is never positive leakage (small companies are simply never ideal)', () => {
    // 0 of 1,400 small companies are ideal: 57% of all the non-ideal ones.
    const bins = [
      { label: '< 125', count: 1400, positives: 0 },
      { label: '125 – 2,000', count: 1000, positives: 300 },
      { label: '≥ 2,000', count: 390, positives: 59 },
    ];
    expect(judgeLeakage('Employees', bins)).toBeUndefined();
  });
});
