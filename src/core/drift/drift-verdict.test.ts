import { describe, expect, it } from 'vitest';
import { driftVerdict, type VerdictSegment, type VerdictWindow } from './drift-verdict.js';

/** Windows by quarter of 2025, with nothing found unless a test adds it. */
const quiet = (from: string, until: string): VerdictWindow => ({
  from,
  until,
  segments: [],
  rankingFell: false,
  auc: { auc: 0.8, lo: 0.75, hi: 0.85 },
  shifts: [{ attribute: 'Employees', psi: 0.02, reading: 'stable' }],
});
const year = () => [
  quiet('2025-01-01', '2025-03-31'),
  quiet('2025-04-01', '2025-06-30'),
  quiet('2025-07-01', '2025-09-30'),
  quiet('2025-10-01', '2025-12-31'),
];
const segment = (q: number, kind: VerdictSegment['kind'] = 'emerging'): VerdictSegment => ({
  attribute: 'Industry',
  bin: 'Fintech',
  kind,
  q,
  before: { rate: 0.1 },
  now: { rate: 0.3, lo: 0.22, hi: 0.4, n: 120 },
});
const BASELINE = 'before 2025-01-01 (900 units)';

describe('driftVerdict', () => {
  it('stable: nothing found in any window', () => {
    expect(driftVerdict(year(), BASELINE)).toEqual({
      verdict: 'stable',
      reasons: [
        'in 4 windows no bin did clearly better or worse than before 2025-01-01 (900 units) (false-discovery rate 5%), ranking power held, and no attribute shifted beyond PSI 0.25',
      ],
      action: 'keep the ICP',
      since: null,
    });
  });

  it('watch: one weak finding in the last window is not enough to refresh', () => {
    const windows = year();
    windows[3] = { ...(windows[3] as VerdictWindow), segments: [segment(0.03)] };
    expect(driftVerdict(windows, BASELINE)).toEqual({
      verdict: 'watch',
      reasons: [
        '2025-10-01 to 2025-12-31: Industry = Fintech emerging: 30% (22%-40%, n=120) against 10% before 2025-01-01 (900 units)',
      ],
      action: 'no change needed yet; run drift again next window',
      since: null,
    });
  });

  it('watch: a moderate shift in the last window alone', () => {
    const windows = year();
    windows[3] = {
      ...(windows[3] as VerdictWindow),
      shifts: [{ attribute: 'Employees', psi: 0.17, reading: 'moderate' }],
    };
    expect(driftVerdict(windows, BASELINE)).toMatchObject({
      verdict: 'watch',
      reasons: ['Employees shifted moderately in the last window: PSI 0.17'],
      since: null,
    });
  });

  it('watch, not refresh: strong findings that stopped before the last two windows', () => {
    const windows = year();
    windows[0] = { ...(windows[0] as VerdictWindow), segments: [segment(0.001)] };
    expect(driftVerdict(windows, BASELINE).verdict).toBe('watch');
  });

  it('refresh: findings in the last two windows, since the first of the run, the lasting segment first', () => {
    const windows = year();
    windows[2] = {
      ...(windows[2] as VerdictWindow),
      segments: [segment(0.04)],
      rankingFell: true,
      auc: { auc: 0.61, lo: 0.55, hi: 0.67 },
    };
    windows[3] = {
      ...(windows[3] as VerdictWindow),
      segments: [{ ...segment(0.002, 'stopped'), attribute: 'Country', bin: 'US' }, segment(0.03)],
      shifts: [{ attribute: 'Employees', psi: 0.31, reading: 'major' }],
    };
    expect(driftVerdict(windows, BASELINE)).toEqual({
      verdict: 'refresh',
      reasons: [
        '2025-07-01 to 2025-09-30: Industry = Fintech emerging: 30% (22%-40%, n=120) against 10% before 2025-01-01 (900 units)',
        '2025-07-01 to 2025-09-30: ranking power fell: AUC 0.610 (0.55-0.67)',
        '2025-10-01 to 2025-12-31: Country = US stopped performing: 30% (22%-40%, n=120) against 10% before 2025-01-01 (900 units)',
        '2025-10-01 to 2025-12-31: Industry = Fintech emerging: 30% (22%-40%, n=120) against 10% before 2025-01-01 (900 units)',
        '2025-10-01 to 2025-12-31: Employees shifted: PSI 0.31',
      ],
      action:
        're-run discovery with data since 2025-07-01 (icp discover --since 2025-07-01); most of all Industry = Fintech emerging (in 2 windows); the attributes that changed most: Industry, Country, then compare the two with icp diff old.json new.json --config icp.config.yaml',
      since: '2025-07-01',
    });
  });
});
