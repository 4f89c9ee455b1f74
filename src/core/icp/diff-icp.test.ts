import { describe, expect, it } from 'vitest';
import { type IcpDefinition, icpDefinitionSchema } from './definition.js';
import {
  diffIcp,
  type TierState,
  tierState,
  tierTransitions,
  transitionsFromCells,
} from './diff-icp.js';

type Attribute = NonNullable<IcpDefinition['scorecard']>['attributes'][number];
type Segment = IcpDefinition['segments'][number];

const bin = (b: Attribute['bins'][number]['bin'], points: number) => ({
  bin: b,
  points,
  woe: 0,
  count: 10,
  positives: 1,
});

const employees = (points: [number, number, number, number], cut = 200): Attribute => ({
  name: 'Employees',
  kind: 'numeric',
  coefficient: 1,
  information_value: 0.3,
  bins: [
    bin({ kind: 'range', lo: null, hi: 50, label: '< 50' }, points[0]),
    bin({ kind: 'range', lo: 50, hi: cut, label: `50 – ${cut}` }, points[1]),
    bin({ kind: 'range', lo: cut, hi: null, label: `≥ ${cut}` }, points[2]),
    bin({ kind: 'missing', label: 'missing' }, points[3]),
  ],
});

const industry = (fintech: number, values = ['retail']): Attribute => ({
  name: 'Industry',
  kind: 'categorical',
  coefficient: 1,
  information_value: 0.2,
  bins: [
    bin({ kind: 'categories', values: ['fintech'], label: 'Fintech' }, fintech),
    bin({ kind: 'categories', values, label: values.join(', ') }, 2),
    bin({ kind: 'other', label: 'other' }, 5),
    bin({ kind: 'missing', label: 'missing' }, 1),
  ],
});

const region: Attribute = {
  name: 'Region',
  kind: 'categorical',
  coefficient: 1,
  information_value: 0.1,
  bins: [
    bin({ kind: 'categories', values: ['europe'], label: 'Europe' }, 8),
    bin({ kind: 'other', label: 'other' }, 3),
    bin({ kind: 'missing', label: 'missing' }, 0),
  ],
};

const segment = (label: string, conditions: Segment['conditions']): Segment => ({
  conditions,
  label,
  count: 100,
  positives: 40,
  rate: 0.4,
  interval: { lo: 0.3, hi: 0.5 },
  lift: 3,
  q_value: 0.001,
});

/** A small ICP, valid against the schema; `over` replaces whole fields. */
function icp(over: Partial<IcpDefinition>): IcpDefinition {
  return icpDefinitionSchema.parse({
    format: 'icp-engine/icp@1',
    id: 'old1',
    parent: null,
    name: 'test',
    target: {
      kind: 'ideal',
      definition: 'ideal: top 20%',
      eligible: 1000,
      positives: 130,
      base_rate: 0.13,
    },
    verdict: { kind: 'scorecard', reason: '130 positives' },
    scorecard: {
      intercept: -3,
      scale: 0.05,
      calibration: { a: 1, b: 0 },
      attributes: [employees([0, 10, 30, 5]), industry(20), region],
    },
    tiers: { A: 60, B: 40, C: 20 },
    rules: [{ kind: 'disqualify', when: { attribute: 'Employees', op: '<', value: 5 } }],
    segments: [
      segment('Fintech, 200+', [
        { attribute: 'Industry', op: 'in', values: ['fintech'] },
        { attribute: 'Employees', op: 'range', min: 200, max: null },
      ]),
      segment('Europe', [{ attribute: 'Region', op: 'in', values: ['europe'] }]),
    ],
    anti_segments: [
      segment('Small retail', [{ attribute: 'Industry', op: 'in', values: ['retail'] }]),
    ],
    excluded: [],
    evidence: [],
    personas: [],
    findings: [],
    validation: null,
    provenance: {
      engine: 'test',
      data_fingerprint: 'x',
      as_of: '2026-01-01',
      rows: {},
      seed: 1,
      settings: {},
    },
    ...over,
  });
}

describe('diffIcp', () => {
  const old = icp({});

  it('finds nothing between an ICP and itself', () => {
    const d = diffIcp(old, old);
    expect(d.sameId).toBe(true);
    expect(d.parentMatches).toBe(false);
    expect(d.target.changed).toBe(false);
    expect(d.verdict.changed).toBe(false);
    expect(d.tiers.changed).toBe(false);
    expect(d.scorecard).toEqual({
      added: [],
      removed: [],
      changed: [],
      unchanged: ['Employees', 'Industry', 'Region'],
    });
    expect(d.segments).toEqual({ added: [], removed: [], kept: 2 });
    expect(d.antiSegments).toEqual({ added: [], removed: [], kept: 1 });
    expect(d.rules).toEqual({ added: [], removed: [], kept: 1 });
  });

  it('reports every kind of change exactly', () => {
    const country: Attribute = {
      name: 'Country',
      kind: 'categorical',
      coefficient: 1,
      information_value: 0.1,
      bins: [
        bin({ kind: 'categories', values: ['us'], label: 'US' }, 12),
        bin({ kind: 'other', label: 'other' }, 4),
        bin({ kind: 'missing', label: 'missing' }, 0),
      ],
    };
    const now = icp({
      id: 'new2',
      parent: 'old1',
      target: { ...old.target, definition: 'ideal: top 25%' },
      verdict: { kind: 'descriptive', reason: 'too few positives' },
      scorecard: {
        ...old.scorecard!,
        // Employees: cut 200 -> 250 (two range bins replaced), missing 5 -> 7, < 50 unchanged.
        // Industry: Fintech 20 -> 25; the "retail" bin now also holds "media". Region dropped.
        attributes: [employees([0, 12, 32, 7], 250), industry(25, ['media', 'retail']), country],
      },
      tiers: { A: 65, B: 40, C: 20 },
      rules: [
        {
          kind: 'disqualify',
          when: { attribute: 'Employees', op: '<', value: 5 },
          note: 'new note',
        },
        {
          kind: 'must_have',
          when: { attribute: 'Region', op: 'in', values: ['north america', 'europe'] },
        },
      ],
      segments: [
        // Same conditions in another order and with another label: kept.
        segment('Fintech over 200', [
          { attribute: 'employees', op: 'range', min: 200, max: null },
          { attribute: 'Industry', op: 'in', values: ['fintech'] },
        ]),
        segment('US', [{ attribute: 'Country', op: 'in', values: ['us'] }]),
      ],
      anti_segments: [],
    });
    const d = diffIcp(old, now);
    expect(d.sameId).toBe(false);
    expect(d.parentMatches).toBe(true);
    expect(d.new).toEqual({ id: 'new2', name: 'test', parent: 'old1' });
    expect(d.target.changed).toBe(true);
    expect(d.target.new.definition).toBe('ideal: top 25%');
    expect(d.verdict).toMatchObject({
      changed: true,
      old: { kind: 'scorecard' },
      new: { kind: 'descriptive' },
    });
    expect(d.tiers).toEqual({
      changed: true,
      old: { A: 60, B: 40, C: 20 },
      new: { A: 65, B: 40, C: 20 },
    });
    expect(d.scorecard.added).toEqual([
      { name: 'Country', kind: 'categorical', bins: 3, maxPoints: 12 },
    ]);
    expect(d.scorecard.removed).toEqual([
      { name: 'Region', kind: 'categorical', bins: 3, maxPoints: 8 },
    ]);
    expect(d.scorecard.unchanged).toEqual([]);
    expect(d.scorecard.changed).toEqual([
      {
        name: 'Employees',
        kind: null,
        cuts: { old: [50, 200], new: [50, 250] },
        binsAdded: ['50 – 250', '≥ 250'],
        binsRemoved: ['50 – 200', '≥ 200'],
        points: [{ bin: 'missing', old: 5, new: 7 }],
        maxPoints: { old: 30, new: 32 },
      },
      {
        name: 'Industry',
        kind: null,
        cuts: null,
        binsAdded: ['media, retail'],
        binsRemoved: ['retail'],
        points: [{ bin: 'Fintech', old: 20, new: 25 }],
        maxPoints: { old: 20, new: 25 },
      },
    ]);
    expect(d.segments).toEqual({
      added: [{ label: 'US', conditions: ['Country in [us]'], count: 100, rate: 0.4 }],
      removed: [{ label: 'Europe', conditions: ['Region in [europe]'], count: 100, rate: 0.4 }],
      kept: 1,
    });
    expect(d.antiSegments).toEqual({
      added: [],
      removed: [
        { label: 'Small retail', conditions: ['Industry in [retail]'], count: 100, rate: 0.4 },
      ],
      kept: 0,
    });
    // The note changed on the first rule: still the same rule.
    expect(d.rules).toEqual({
      added: ['must have: Region in [north america, europe]'],
      removed: [],
      kept: 1,
    });
  });

  it('treats an ICP without a scorecard as having no attributes', () => {
    const none = icp({
      id: 'n',
      scorecard: null,
      tiers: null,
      verdict: { kind: 'no_signal', reason: 'nothing' },
    });
    const d = diffIcp(none, old);
    expect(d.scorecard.added.map((a) => a.name)).toEqual(['Employees', 'Industry', 'Region']);
    expect(d.scorecard.removed).toEqual([]);
    expect(d.tiers).toEqual({ changed: true, old: null, new: { A: 60, B: 40, C: 20 } });
    expect(d.verdict.changed).toBe(true);
  });

  it('ignores points that differ only by floating-point noise', () => {
    const now = icp({
      scorecard: {
        ...old.scorecard!,
        attributes: [employees([0, 10 + 1e-12, 30, 5]), industry(20), region],
      },
    });
    expect(diffIcp(old, now).scorecard.changed).toEqual([]);
  });
});

describe('tierTransitions', () => {
  it('counts each pair of states, rows old and columns new', () => {
    const oldTiers: TierState[] = ['A', 'A', 'B', 'C', 'D', 'D', 'disqualified', 'B'];
    const newTiers: TierState[] = ['A', 'B', 'A', 'C', 'disqualified', 'D', 'D', 'B'];
    const t = tierTransitions(oldTiers, newTiers);
    expect(t.states).toEqual(['A', 'B', 'C', 'D', 'unknown', 'disqualified']);
    expect(t.counts).toEqual([
      // A  B  C  D  ?  dq
      [1, 1, 0, 0, 0, 0], // A: stays A once, to B once
      [1, 1, 0, 0, 0, 0], // B: to A once, stays B once
      [0, 0, 1, 0, 0, 0], // C: stays
      [0, 0, 0, 1, 0, 1], // D: stays once, disqualified once
      [0, 0, 0, 0, 0, 0], // unknown
      [0, 0, 0, 1, 0, 0], // disqualified: to D
    ]);
    // Same: A>A, B>B, C>C, D>D = 4; up: B>A, dq>D = 2; down: A>B, D>dq = 2.
    expect(t).toMatchObject({ total: 8, same: 4, up: 2, down: 2, unknown: 0 });
    // Into or out of unknown is neither up nor down.
    expect(tierTransitions(['A', 'unknown', 'D'], ['unknown', 'B', 'D'])).toMatchObject({
      total: 3,
      same: 1,
      up: 0,
      down: 0,
      unknown: 2,
    });
  });

  it('is all zeros for no records, and refuses lists of different lengths or unknown states', () => {
    const t = tierTransitions([], []);
    expect(t.counts.flat().every((x) => x === 0)).toBe(true);
    expect(t.total).toBe(0);
    expect(() => tierTransitions(['A'], [])).toThrow(RangeError);
    expect(() => tierTransitions(['E' as TierState], ['A'])).toThrow(/"E" is not a tier state/);
  });

  it('adds up counted cells as tierTransitions does', () => {
    const t = transitionsFromCells([
      { from: 'A', to: 'B', count: 3 },
      { from: 'D', to: 'disqualified', count: 2 },
      { from: 'A', to: 'B', count: 1 },
    ]);
    expect(t.counts[0]).toEqual([0, 4, 0, 0, 0, 0]);
    expect(t.counts[3]).toEqual([0, 0, 0, 0, 0, 2]);
    expect(t).toMatchObject({ total: 6, same: 0, up: 0, down: 6 });
  });
});

describe('tierState', () => {
  it('is the tier unless a hard rule disqualified the record', () => {
    expect(tierState('B', false)).toBe('B');
    expect(tierState('D', true)).toBe('disqualified');
    expect(() => tierState('X', false)).toThrow(RangeError);
  });
});
