import { describe, expect, it } from 'vitest';
import { type Attribute, baselineCounts } from './baseline-counts.js';

/** A scorecard attribute with two bins and the counts discovery stored for them. */
const industry = {
  name: 'Industry',
  bins: [
    { bin: { label: 'Fintech' }, count: 50, positives: 20 },
    { bin: { label: 'Retail' }, count: 150, positives: 15 },
  ],
} as unknown as Attribute;
const scored = (bins: readonly string[]) =>
  bins.map((bin) => ({ reasons: [{ attribute: 'Industry', bin }] })) as never;

describe('baselineCounts', () => {
  it('counts each bin among the units that arrived before the first window', () => {
    const at = ['2024-05-01', '2024-12-31', '2024-12-31', '2025-02-01', ''];
    const y = Uint8Array.from([1, 0, 1, 1, 1]);
    const base = baselineCounts(
      [industry],
      '2025-01-01',
      at,
      y,
      scored(['Fintech', 'Fintech', 'Retail', 'Fintech', 'Retail']),
    );
    expect(base.words).toBe('before 2025-01-01 (3 units)');
    const [fintech, retail] = industry.bins as [
      Attribute['bins'][number],
      Attribute['bins'][number],
    ];
    expect(base.bins('Industry', fintech)).toEqual({ count: 2, positives: 1 });
    expect(base.bins('Industry', retail)).toEqual({ count: 1, positives: 1 });
    expect(base.all(industry)).toEqual([
      { count: 2, positives: 1 },
      { count: 1, positives: 1 },
    ]);
  });

  it("falls back on the ICP's training counts when no unit arrived before the first window", () => {
    const base = baselineCounts(
      [industry],
      '2020-01-01',
      ['2024-05-01'],
      Uint8Array.from([1]),
      scored(['Fintech']),
    );
    expect(base.words).toBe('when the ICP was learned');
    expect(base.bins('Industry', industry.bins[0] as Attribute['bins'][number])).toMatchObject({
      count: 50,
      positives: 20,
    });
    expect(base.all(industry)).toBe(industry.bins);
  });
});
