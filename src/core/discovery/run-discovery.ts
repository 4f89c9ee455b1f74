import { binCategorical } from '../binning/bin-categorical.js';
import { binNumeric } from '../binning/bin-numeric.js';
import { type EvidenceTable, evidenceTable } from '../binning/evidence.js';
import type { BinnedAttribute } from '../binning/types.js';
import { buildScorecard, type ScorecardModel, scoreRows } from '../scorecard/build-scorecard.js';
import { beamSearch, type Segment } from '../segments/beam-search.js';
import { plattScale } from '../stats/calibrate.js';
import { sigmoid } from '../stats/logistic.js';
import { auc, calibrationError } from '../stats/metrics.js';
import { benjaminiHochberg, chiSquareTest } from '../stats/multiple-testing.js';
import { crossFit } from './cross-fit.js';
import { leakageSuspicion, screenColumn } from './screen.js';

export interface DiscoveryColumns {
  readonly numbers: Readonly<Record<string, Float64Array>>;
  readonly texts: Readonly<Record<string, readonly (string | null)[]>>;
}

export interface DiscoveryInput extends DiscoveryColumns {
  /** Candidate attributes, in a stable order. */
  readonly candidates: readonly { name: string; kind: 'numeric' | 'categorical' }[];
  readonly target: Uint8Array;
  /** Anti-ICP: a 0/1 "bad value" outcome on the rows where `include` is 1. */
  readonly anti?: { readonly target: Uint8Array; readonly include: Uint8Array };
  /** Variance inflation for clustered rows (1 = independent). */
  readonly dispersion?: number;
  /** Suspected-leakage columns the user keeps anyway. */
  readonly keep?: readonly string[];
  readonly seed?: number;
  readonly folds?: number;
  readonly maxAttributes?: number;
  /** Rows of one group (deals of one account) share a cross-validation fold. */
  readonly groups?: Int32Array;
  /** false: evidence and segments only, no cross-validated scorecard. */
  readonly model?: boolean;
}

export interface AttributeEvidence {
  readonly table: EvidenceTable;
  readonly pValue: number;
  readonly qValue: number;
  readonly selected: boolean;
}

export type Verdict = {
  kind: 'scorecard' | 'descriptive' | 'insufficient' | 'no_signal';
  reason: string;
};

export interface Validation {
  readonly folds: number;
  readonly auc: number;
  readonly aucInterval: { lo: number; hi: number };
  readonly shareAB: number;
  readonly capturedAB: number;
  readonly rateA: number;
  readonly rateD: number;
  readonly calibrationError: number;
}

export interface DiscoveryResult {
  readonly verdict: Verdict;
  readonly evidence: readonly AttributeEvidence[];
  readonly excluded: readonly { attribute: string; reason: string }[];
  /** Every usable attribute binned on all rows: the anti-ICP segments index into these. */
  readonly binned: readonly BinnedAttribute[];
  /** The selected attributes, best first: the scorecard and the segments index into these. */
  readonly selected: readonly BinnedAttribute[];
  readonly scorecard: ScorecardModel | undefined;
  readonly calibration: { a: number; b: number } | undefined;
  /** Lowest score of tiers A, B, C. */
  readonly tiers: { A: number; B: number; C: number } | undefined;
  readonly validation: Validation | undefined;
  readonly segments: readonly Segment[];
  readonly antiSegments: readonly Segment[];
  readonly positives: number;
  readonly rows: number;
}

/** Tier shares of rows, best first: A is the smallest and best. */
export const TIER_SHARES = { A: 0.1, B: 0.2, C: 0.3 } as const;

/**
 * Discovers the ICP from attribute columns and a target: screens and bins the attributes,
 * measures each one's evidence with a test controlled for false discoveries, fits a
 * cross-validated scorecard when the data allows, chooses tiers, and finds the segments and
 * the anti-ICP. Pure: the same input and seed give the same result.
 */
export function runDiscovery(input: DiscoveryInput): DiscoveryResult {
  const {
    target,
    candidates,
    anti,
    dispersion = 1,
    keep = [],
    seed = 1,
    folds = 5,
    maxAttributes = 20,
    model: fitModel = true,
  } = input;
  const n = target.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += target[i] as number;
  const excluded: { attribute: string; reason: string }[] = [];
  const binned: BinnedAttribute[] = [];
  for (const c of candidates) {
    const summary = summarise(input, c.name, c.kind, n);
    const screen = screenColumn(summary);
    if (!screen.usable) {
      excluded.push({ attribute: c.name, reason: `${screen.reason}: ${screen.detail}` });
      continue;
    }
    binned.push(binColumn(input, c.name, c.kind, target));
  }
  const tables = binned.map((b) => evidenceTable(b, target, undefined, input.groups));
  const pValues = tables.map(
    (t) =>
      chiSquareTest(
        t.rows.map((r) => r.count / dispersion),
        t.rows.map((r) => r.positives / dispersion),
      ).p,
  );
  const qValues = benjaminiHochberg(pValues);
  const leaky = new Set<number>();
  tables.forEach((t, j) => {
    const suspicion = leakageSuspicion(t.attribute, t.iv, t.rows);
    if (suspicion && !keep.includes(t.attribute)) {
      leaky.add(j);
      excluded.push({
        attribute: t.attribute,
        reason: `suspected leakage: ${suspicion}; add it to discover.keep in the config to use it anyway`,
      });
    }
  });
  const ranked = tables
    .map((t, j) => ({ t, j }))
    .filter(({ j }) => !leaky.has(j) && (qValues[j] as number) <= 0.05 && tables[j]!.iv >= 0.02)
    .sort((a, b) => b.t.iv - a.t.iv || a.t.attribute.localeCompare(b.t.attribute))
    .slice(0, maxAttributes)
    .map(({ j }) => j);
  const evidence = tables
    .map((t, j) => ({
      table: t,
      pValue: pValues[j] as number,
      qValue: qValues[j] as number,
      selected: ranked.includes(j),
    }))
    .filter((_, j) => !leaky.has(j))
    .sort((a, b) => b.table.iv - a.table.iv || a.table.attribute.localeCompare(b.table.attribute));
  const usable = binned.filter((_, j) => !leaky.has(j));
  const selected = ranked.map((j) => binned[j] as BinnedAttribute);
  const segmentOptions = {
    dispersion,
    maxDepth: 3,
    ...(input.groups ? { groups: input.groups } : {}),
  } as const;
  const segments =
    selected.length > 0 && positives > 0 ? beamSearch(selected, target, segmentOptions) : [];
  const antiSegments = anti ? findAnti(usable, anti, dispersion) : [];
  const common = {
    evidence,
    excluded,
    binned: usable,
    selected,
    segments,
    antiSegments,
    positives,
    rows: n,
  };

  const negatives = n - positives;
  if (positives < 10 || negatives < 10) {
    return {
      ...common,
      ...noModel(),
      verdict: {
        kind: 'insufficient',
        reason: `${positives} positives and ${negatives} negatives: at least 10 of each are needed for any profile`,
      },
    };
  }
  if (selected.length === 0) {
    return {
      ...common,
      ...noModel(),
      verdict: {
        kind: 'no_signal',
        reason: `no attribute separates the target beyond chance (false discovery rate 5% over ${tables.length} attributes): no reliable profile`,
      },
    };
  }
  if (!fitModel) {
    return {
      ...common,
      ...noModel(),
      verdict: {
        kind: 'descriptive',
        reason: 'evidence and segments only (no scorecard asked for)',
      },
    };
  }
  if (positives < 40) {
    return {
      ...common,
      ...noModel(),
      verdict: {
        kind: 'descriptive',
        reason: `${positives} positives: enough for evidence tables and segments, too few for a scorecard (40 needed)`,
      },
    };
  }

  const {
    score: oofScore,
    logit: oofLogit,
    l2,
  } = crossFit({
    numbers: input.numbers,
    texts: input.texts,
    attributes: selected.map((a) => ({ name: a.name, kind: a.kind })),
    target,
    folds,
    seed,
    ...(input.groups ? { groups: input.groups } : {}),
  });
  const cv = auc(oofLogit, target);
  if (!(cv.lo > 0.5)) {
    return {
      ...common,
      ...noModel(),
      verdict: {
        kind: 'no_signal',
        reason: `the cross-validated AUC is ${cv.auc.toFixed(3)} (95% interval ${cv.lo.toFixed(3)} to ${cv.hi.toFixed(3)}): no better than chance, so no reliable profile`,
      },
    };
  }
  const calibration = plattScale(oofLogit, target);
  const oofProb = oofLogit.map((l) => sigmoid(calibration.a * l + calibration.b));
  const model = buildScorecard(selected, target, { l2 });
  const { score } = scoreRows(model, selected);
  const tiers = tierThresholds(score);
  const oofTiers = tierThresholds(oofScore);
  const tierOf = (s: number, t: { A: number; B: number; C: number }) =>
    s >= t.A ? 0 : s >= t.B ? 1 : s >= t.C ? 2 : 3;
  const count = [0, 0, 0, 0];
  const pos = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const t = tierOf(oofScore[i] as number, oofTiers);
    count[t] = (count[t] as number) + 1;
    pos[t] = (pos[t] as number) + (target[i] as number);
  }
  const validation: Validation = {
    folds,
    auc: cv.auc,
    aucInterval: { lo: cv.lo, hi: cv.hi },
    shareAB: ((count[0] as number) + (count[1] as number)) / n,
    capturedAB: ((pos[0] as number) + (pos[1] as number)) / positives,
    rateA: (count[0] as number) > 0 ? (pos[0] as number) / (count[0] as number) : 0,
    rateD: (count[3] as number) > 0 ? (pos[3] as number) / (count[3] as number) : 0,
    calibrationError: calibrationError(oofProb, target),
  };
  return {
    ...common,
    verdict: {
      kind: 'scorecard',
      reason: `${positives} positives among ${n} rows; cross-validated AUC ${cv.auc.toFixed(3)}`,
    },
    scorecard: model,
    calibration,
    tiers,
    validation,
  };
}

function noModel() {
  return { scorecard: undefined, calibration: undefined, tiers: undefined, validation: undefined };
}

/** Score thresholds so that A, B and C hold the top 10%, next 20% and next 30% of rows. */
export function tierThresholds(score: Float64Array): { A: number; B: number; C: number } {
  const sorted = Float64Array.from(score).sort();
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((1 - share) * sorted.length))] as number;
  return {
    A: at(TIER_SHARES.A),
    B: at(TIER_SHARES.A + TIER_SHARES.B),
    C: at(TIER_SHARES.A + TIER_SHARES.B + TIER_SHARES.C),
  };
}

function findAnti(
  attrs: readonly BinnedAttribute[],
  anti: NonNullable<DiscoveryInput['anti']>,
  dispersion: number,
): Segment[] {
  const rows: number[] = [];
  for (let i = 0; i < anti.include.length; i++) if (anti.include[i] === 1) rows.push(i);
  const sub = attrs.map((a) => ({
    ...a,
    codes: Int32Array.from(rows, (i) => a.codes[i] as number),
  }));
  const y = Uint8Array.from(rows, (i) => anti.target[i] as number);
  if (rows.length === 0 || y.every((v) => v === 0)) return [];
  return beamSearch(sub, y, { dispersion, maxDepth: 3, minCount: 20 });
}

function summarise(
  input: DiscoveryColumns,
  name: string,
  kind: 'numeric' | 'categorical',
  rows: number,
) {
  const counts = new Map<string | number, number>();
  let filled = 0;
  if (kind === 'numeric') {
    for (const v of input.numbers[name] ?? []) {
      if (Number.isNaN(v)) continue;
      filled++;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  } else {
    for (const v of input.texts[name] ?? []) {
      if (v === null || v.trim() === '') continue;
      filled++;
      const k = v.trim().toLowerCase();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  let top = 0;
  for (const c of counts.values()) top = Math.max(top, c);
  return {
    name,
    kind,
    rows,
    filled,
    distinct: counts.size,
    topShare: filled > 0 ? top / filled : 1,
  };
}

function binColumn(
  input: DiscoveryColumns,
  name: string,
  kind: 'numeric' | 'categorical',
  target: Uint8Array,
): BinnedAttribute {
  return kind === 'numeric'
    ? binNumeric(name, input.numbers[name] as Float64Array, target)
    : binCategorical(name, input.texts[name] ?? [], target);
}
