import {
  type HardRule,
  type IcpDefinition,
  icpDefinitionSchema,
  type ScorecardAttribute,
} from '../../src/core/icp/definition.js';

type StoredBin = ScorecardAttribute['bins'][number]['bin'];

/** A scored bin: its points, and the training rows (and positives among them) behind it. */
export const bin = (b: StoredBin, points: number, count = 10, positives = 2) => ({
  bin: b,
  points,
  woe: 0,
  count,
  positives,
});

/** A scorecard attribute from its bins. */
export const attribute = (
  name: string,
  kind: 'numeric' | 'categorical',
  bins: ScorecardAttribute['bins'],
  range?: { min: number; max: number },
): ScorecardAttribute => ({
  name,
  kind,
  coefficient: 1,
  information_value: 0.1,
  bins,
  ...(range ? { range } : {}),
});

/** Employees in two bins (under 100: 0 points; 100 and over: 50), missing 5; trained on 10 to 5,000. */
export const employeesAttribute = (): ScorecardAttribute =>
  attribute(
    'Employees',
    'numeric',
    [
      bin({ kind: 'range', lo: null, hi: 100, label: '< 100' }, 0),
      bin({ kind: 'range', lo: 100, hi: null, label: '≥ 100' }, 50),
      bin({ kind: 'missing', label: 'missing' }, 5),
    ],
    { min: 10, max: 5000 },
  );

/**
 * An ICP built by hand for tests: a scorecard (intercept -3, scale 0.05, no recalibration)
 * over the given attributes, with the given tiers; target "ideal", no segments or evidence.
 */
export function handIcp(parts: {
  id: string;
  attributes: readonly ScorecardAttribute[];
  tiers: NonNullable<IcpDefinition['tiers']>;
  rules?: readonly HardRule[];
  economics?: IcpDefinition['economics'];
}): IcpDefinition {
  return icpDefinitionSchema.parse({
    format: 'icp-engine/icp@1',
    id: parts.id,
    parent: null,
    name: 'hand-built',
    target: { kind: 'ideal', definition: 'test', eligible: 100, positives: 20, base_rate: 0.2 },
    verdict: { kind: 'scorecard', reason: 'test' },
    scorecard: {
      intercept: -3,
      scale: 0.05,
      calibration: { a: 1, b: 0 },
      attributes: parts.attributes,
    },
    tiers: parts.tiers,
    rules: parts.rules ?? [],
    segments: [],
    anti_segments: [],
    excluded: [],
    evidence: [],
    personas: [],
    findings: [],
    validation: null,
    ...(parts.economics ? { economics: parts.economics } : {}),
    provenance: {
      engine: 'test',
      data_fingerprint: 'x',
      as_of: '2026-01-01',
      rows: {},
      seed: 1,
      settings: {},
    },
  });
}

/**
 * A two-attribute ICP: Employees (under 100 -10 points, 100 or more +40, range 10 to 5,000) and
 * Industry (SaaS +30, other -5), tiers A 60, B 30, C 10: a number and a category, reasons for and
 * against, and rows with too little known.
 */
export function employeesAndIndustry(id: string): IcpDefinition {
  return handIcp({
    id,
    attributes: [
      attribute(
        'Employees',
        'numeric',
        [
          bin({ kind: 'range', lo: null, hi: 100, label: '< 100' }, -10),
          bin({ kind: 'range', lo: 100, hi: null, label: '≥ 100' }, 40),
          bin({ kind: 'missing', label: 'missing' }, 0),
        ],
        { min: 10, max: 5000 },
      ),
      attribute('Industry', 'categorical', [
        bin({ kind: 'categories', values: ['SaaS'], label: 'SaaS' }, 30),
        bin({ kind: 'other', label: 'other' }, -5),
        bin({ kind: 'missing', label: 'missing' }, 0),
      ]),
    ],
    tiers: { A: 60, B: 30, C: 10 },
  });
}
