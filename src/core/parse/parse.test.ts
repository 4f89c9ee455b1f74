import { describe, expect, it } from 'vitest';
import { binNumeric, spanBin } from '../binning/bin-numeric.js';
import { compileScoreSql } from '../icp/compile-sql.js';
import type { IcpDefinition } from '../icp/definition.js';
import { scoreRecord } from '../icp/score-record.js';
import { parseNumber } from './cell.js';
import { datePattern, parseDateDays } from './dates.js';
import { likelySynonyms } from './likely-synonyms.js';

describe('likely synonyms', () => {
  const level = (label: string, count: number) => ({
    key: label.toLowerCase(),
    label,
    count,
  });

  it('pairs spellings spaced apart, a letter apart, a word prefix and initials, most rows first', () => {
    const found = likelySynonyms([
      level('Fintech', 300),
      level('Fin Tech', 12),
      level('Healthcare', 90),
      level('Helthcare', 3),
      level('SaaS', 50),
      level('Software As A Service', 4),
      level('Retail', 40),
      level('Retail Banking', 8),
    ]);
    expect(found.map((f) => [f.keep.label, f.other.label, f.why])).toEqual([
      ['Fintech', 'Fin Tech', 'spacing'],
      ['Healthcare', 'Helthcare', 'spelling'],
      ['SaaS', 'Software As A Service', 'acronym'],
      ['Retail', 'Retail Banking', 'prefix'],
    ]);
  });

  it('leaves series and short codes alone: Series A / Series B, Plan 2018 / Plan 2019, CA / GA', () => {
    const found = likelySynonyms([
      level('Series A', 10),
      level('Series B', 10),
      level('Plan 2018', 5),
      level('Plan 2019', 5),
      level('CA', 30),
      level('GA', 20),
    ]);
    expect(found).toEqual([]);
  });
});

describe('years in bin labels', () => {
  it('print as years, in bins and in spans of bins; other numbers keep their separator', () => {
    const years = Float64Array.from({ length: 400 }, (_, i) => 1990 + (i % 24));
    const bins = binNumeric('founded_year', years, null, { maxBins: 4, minBinShare: 0 }).bins;
    expect(bins.map((b) => b.label)).toEqual([
      '< 1995',
      '1995 – 2001',
      '2001 – 2007',
      '≥ 2007',
      'missing',
    ]);
    expect(spanBin(bins, 1, 3).label).toBe('≥ 1995');
    const money = Float64Array.from({ length: 400 }, (_, i) => 1000 * (i + 1));
    expect(binNumeric('revenue', money, null, { maxBins: 2, minBinShare: 0 }).bins[0]?.label).toBe(
      '< 201,000',
    );
  });
});

describe('dates', () => {
  it('read the formats exports use, and never a day that does not exist', () => {
    const f = ['%d.%m.%Y', '%b %d, %Y', '%Y-Q%q'];
    expect(
      ['03.02.2013', 'Feb 3, 2013', '2013-02-03', '2013-Q1'].map((d) => parseDateDays(d, f)),
    ).toEqual([15739, 15739, 15739, 15706]);
    expect(
      ['30.02.2013', 'Feb 30, 2013', '2013-Q5', '0000-01-01'].map((d) => parseDateDays(d, f)),
    ).toEqual([null, null, null, null]);
    expect(datePattern('%j/%Y')).toBeUndefined();
    expect(datePattern('%m/%d')).toBeUndefined();
  });
});

describe('booleans', () => {
  /** An ICP written before yes-or-no spellings had one key: its bin kept the key 'true'. */
  const icp = {
    scorecard: {
      intercept: 0,
      scale: 0.05,
      calibration: { a: 1, b: 0 },
      attributes: [
        {
          name: 'Active',
          kind: 'categorical',
          coefficient: 1,
          information_value: 0.1,
          bins: [
            {
              bin: { kind: 'categories', values: ['true'], label: 'true' },
              points: 30,
              woe: 0.5,
              count: 10,
              positives: 5,
            },
            { bin: { kind: 'other', label: 'other' }, points: 10, woe: 0, count: 10, positives: 2 },
            {
              bin: { kind: 'missing', label: 'missing' },
              points: 0,
              woe: -0.5,
              count: 10,
              positives: 1,
            },
          ],
        },
        {
          name: 'Partner',
          kind: 'numeric',
          coefficient: 1,
          information_value: 0.1,
          range: { min: 0, max: 1 },
          bins: [
            {
              bin: { kind: 'range', lo: null, hi: 1, label: '< 1' },
              points: 0,
              woe: -0.5,
              count: 10,
              positives: 2,
            },
            {
              bin: { kind: 'range', lo: 1, hi: null, label: '≥ 1' },
              points: 20,
              woe: 0.5,
              count: 10,
              positives: 5,
            },
            {
              bin: { kind: 'missing', label: 'missing' },
              points: 5,
              woe: 0,
              count: 10,
              positives: 1,
            },
          ],
        },
      ],
    },
    target: { kind: 'won', definition: 'won', eligible: 30, positives: 8, base_rate: 0.27 },
    tiers: { A: 25, B: 15, C: 5 },
    rules: [],
    verdict: { kind: 'scorecard', reason: '' },
  } as unknown as IcpDefinition;

  it('score every spelling of yes in the yes bin, even in an ICP that stored "true"', () => {
    for (const v of [true, 'TRUE', 'yes', 'Y', 't'])
      expect(scoreRecord(icp, { Active: v, Partner: 0 }).score).toBe(30);
    expect(scoreRecord(icp, { Active: 'no', Partner: 0 }).score).toBe(10);
    expect(compileScoreSql(icp, { dialect: 'duckdb', from: 'leads' })).toContain(
      "WHEN (n.__icp_v0 IN ('yes')) THEN 0",
    );
  });

  it('read true and false as 1 and 0 for an attribute that was 0 or 1 in training only', () => {
    const partner = (v: unknown) => scoreRecord(icp, { Active: 'yes', Partner: v });
    expect([true, 'TRUE', 1, '1'].map((v) => partner(v).score)).toEqual([50, 50, 50, 50]);
    expect([false, 'false', 0].map((v) => partner(v).score)).toEqual([30, 30, 30]);
    // "yes" is a category spelling, not a number: the value is unreadable and scores as missing.
    expect(partner('yes').score).toBe(35);
    expect(parseNumber('TRUE')).toBeNaN();
    expect(parseNumber('TRUE', { booleans: true })).toBe(1);
  });
});
