import { spanBin } from '../../core/binning/bin-numeric.js';
import type { BinnedAttribute } from '../../core/binning/types.js';
import type { DiscoveryColumns, DiscoveryResult } from '../../core/discovery/run-discovery.js';
import { binCondition, conditionLabel, storeBin } from '../../core/icp/conditions.js';
import {
  type IcpDefinition,
  icpDefinitionSchema,
  type StoredBin,
} from '../../core/icp/definition.js';
import { categoryKey } from '../../core/parse/cell.js';
import type { DeriveRule } from '../../core/parse/derive.js';
import type { ScorecardModel } from '../../core/scorecard/build-scorecard.js';
import type { Segment } from '../../core/segments/beam-search.js';
import { ENGINE_VERSION } from '../../core/version.js';
import { hashFingerprint, icpId } from '../analysis/icp-id.js';
import type { PersonasResult } from '../personas/personas.js';

export const ENGINE = `icp-engine ${ENGINE_VERSION}`;

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const r3 = (x: number) => Math.round(x * 1e3) / 1e3;

/** Segment conditions in words: "Industry = Fintech and Employees 200 – 1,000". */
export function segmentLabel(s: Segment, attrs: readonly BinnedAttribute[]): string {
  return s.conditions
    .map((c) =>
      conditionLabel(attrs[c.attribute]!.name, spanBin(attrs[c.attribute]!.bins, c.from, c.to)),
    )
    .join(' and ');
}

function storeSegment(s: Segment, attrs: readonly BinnedAttribute[]) {
  return {
    conditions: s.conditions.map((c) =>
      binCondition(
        attrs[c.attribute]!.name,
        spanBin(attrs[c.attribute]!.bins, c.from, c.to),
        attrs[c.attribute]!.bins,
      ),
    ),
    label: segmentLabel(s, attrs),
    count: s.count,
    positives: s.positives,
    rate: r4(s.rate),
    interval: { lo: r4(s.interval.lo), hi: r4(s.interval.hi) },
    lift: r4(s.lift),
    q_value: s.qValue,
  };
}

export interface AssembleInput {
  readonly name: string;
  readonly parent: string | null;
  readonly target: {
    kind: IcpDefinition['target']['kind'];
    definition: string;
    eligible: number;
    positives: number;
  };
  readonly result: DiscoveryResult;
  /**
   * The numeric columns discovery ran on (`DiscoveryColumns.numbers`, NaN for missing): each
   * numeric scorecard attribute stores its training range from them. Without them, no range.
   */
  readonly numbers?: DiscoveryColumns['numbers'];
  /** How derived attributes (a date's age, a list's item) are computed, by attribute name. */
  readonly derive?: ReadonlyMap<string, DeriveRule>;
  /**
   * The config's `values:` spellings by attribute name (category key to label): each joins
   * its label's bin, so a record spelling it "Financial Technology" scores as Fintech.
   */
  readonly synonyms?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly personas: PersonasResult | undefined;
  readonly findings: readonly string[];
  readonly provenance: Omit<IcpDefinition['provenance'], 'engine' | 'data_fingerprint'> & {
    fingerprint: string;
  };
}

/**
 * Writes the discovery down as the ICP definition: rounded for reading, validated against
 * the schema, and identified by a hash of its content.
 */
export function assembleIcp(input: AssembleInput): IcpDefinition {
  const { result } = input;
  const evidenceByName = new Map(result.evidence.map((e) => [e.table.attribute, e]));
  const body: Omit<IcpDefinition, 'id'> = {
    format: 'icp-engine/icp@1',
    parent: input.parent,
    name: input.name,
    target: {
      ...input.target,
      base_rate: r4(input.target.eligible > 0 ? input.target.positives / input.target.eligible : 0),
    },
    verdict: result.verdict,
    scorecard:
      result.scorecard && result.calibration
        ? storeScorecard(result.scorecard, result.calibration, evidenceByName, input)
        : null,
    tiers: result.tiers
      ? { A: r3(result.tiers.A), B: r3(result.tiers.B), C: r3(result.tiers.C) }
      : null,
    rules: [],
    segments: result.segments.map((s) => storeSegment(s, result.selected)),
    anti_segments: result.antiSegments.map((s) => storeSegment(s, result.binned)),
    excluded: [...result.excluded],
    evidence: result.evidence.map((e) => ({
      attribute: e.table.attribute,
      kind: e.table.kind,
      information_value: r4(e.table.iv),
      p_value: e.pValue,
      q_value: e.qValue,
      selected: e.selected,
      bins: e.table.rows.map((row) => ({
        label: row.label,
        count: row.count,
        positives: row.positives,
        rate: r4(row.rate),
        interval: { lo: r4(row.interval.lo), hi: r4(row.interval.hi) },
        lift: r4(row.lift),
        woe: r4(row.woe),
      })),
    })),
    personas: (input.personas?.rows ?? []).map(storePersona),
    findings: [...input.findings, ...result.warnings],
    validation: result.validation ? storeValidation(result.validation) : null,
    provenance: {
      engine: ENGINE,
      data_fingerprint: hashFingerprint(input.provenance.fingerprint),
      as_of: input.provenance.as_of,
      rows: input.provenance.rows,
      seed: input.provenance.seed,
      settings: input.provenance.settings,
    },
  };
  const id = icpId(body);
  return icpDefinitionSchema.parse({ id, ...body });
}

/** The scorecard as stored: points per readable bin (with its evidence), then the interactions. */
function storeScorecard(
  model: ScorecardModel,
  calibration: { a: number; b: number },
  evidenceByName: ReadonlyMap<string, DiscoveryResult['evidence'][number]>,
  input: AssembleInput,
): NonNullable<IcpDefinition['scorecard']> {
  const attributes = model.attributes.map((attr, c) => {
    const rows = evidenceByName.get(attr.name)!.table.rows;
    return {
      name: attr.name,
      kind: attr.kind,
      coefficient: r4(
        followSlope(
          model.effects[c]!,
          rows.map((r) => r.woe),
          rows.map((r) => r.count),
        ),
      ),
      information_value: r4(evidenceByName.get(attr.name)!.table.iv),
      bins: attr.bins.map((bin, b) => ({
        bin: withSynonyms(storeBin(bin), input.synonyms?.get(attr.name)),
        points: r3(model.points[c]![b]!),
        woe: r4(rows[b]!.woe),
        count: rows[b]!.count,
        positives: rows[b]!.positives,
      })),
      ...trainingRange(attr.kind === 'numeric' ? input.numbers?.[attr.name] : undefined),
      ...deriveOf(input.derive, attr.name),
    };
  });
  const total = model.attributes[0]?.codes.length ?? 0;
  const positives = (evidenceByName.get(model.attributes[0]?.name ?? '')?.table.totalPositives ??
    0) as number;
  const interactions = model.interactions.map((t) => {
    const parts = t.conditions.map((c) => ({ attr: model.attributes[c.attribute]!, bin: c.bin }));
    return {
      label: parts.map((p) => conditionLabel(p.attr.name, p.bin)).join(' and '),
      conditions: parts.map((p) => binCondition(p.attr.name, p.bin, p.attr.bins)),
      coefficient: r4(t.effect),
      match: { points: r3(t.points.match), count: t.count, positives: t.positives },
      no_match: {
        points: r3(t.points.noMatch),
        count: total - t.count,
        positives: positives - t.positives,
      },
    };
  });
  return {
    intercept: model.intercept,
    scale: model.scale,
    calibration,
    attributes,
    ...(interactions.length > 0 ? { interactions } : {}),
  };
}

/** Row-weighted least-squares slope of the fitted effects on the weights of evidence. */
function followSlope(
  effects: Float64Array,
  woe: readonly number[],
  counts: readonly number[],
): number {
  let w = 0;
  let mx = 0;
  let my = 0;
  woe.forEach((x, b) => {
    const c = counts[b]!;
    w += c;
    mx += c * x;
    my += c * effects[b]!;
  });
  if (w === 0) return 0;
  mx /= w;
  my /= w;
  let sxy = 0;
  let sxx = 0;
  woe.forEach((x, b) => {
    const c = counts[b]!;
    sxy += c * (x - mx) * (effects[b]! - my);
    sxx += c * (x - mx) ** 2;
  });
  return sxx > 0 ? sxy / sxx : 0;
}

/** `{ range: { min, max } }` of the finite values, or nothing when there are none. */
function trainingRange(values: Float64Array | undefined): { range?: { min: number; max: number } } {
  if (!values) return {};
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { range: { min, max } } : {};
}

/** A categories bin with the listed spellings of its labels' keys added to its values. */
function withSynonyms(bin: StoredBin, keys: ReadonlyMap<string, string> | undefined): StoredBin {
  if (!keys || bin.kind !== 'categories') return bin;
  const extra = [...keys]
    .filter(
      ([key, label]) => bin.values.includes(categoryKey(label) ?? '') && !bin.values.includes(key),
    )
    .map(([key]) => key)
    .sort();
  return extra.length === 0 ? bin : { ...bin, values: [...bin.values, ...extra] };
}

/** `{ derive }` of a derived attribute, nothing for a plain column. */
function deriveOf(
  derive: ReadonlyMap<string, DeriveRule> | undefined,
  name: string,
): { derive?: DeriveRule } {
  const rule = derive?.get(name);
  return rule ? { derive: rule } : {};
}

type Validation = NonNullable<AssembleInput['result']['validation']>;

/** The cross-validated figures as stored, rounded. */
function storeValidation(v: Validation) {
  return {
    folds: v.folds,
    auc: r4(v.auc),
    auc_interval: { lo: r4(v.aucInterval.lo), hi: r4(v.aucInterval.hi) },
    share_ab: r4(v.shareAB),
    positives_captured_ab: r4(v.capturedAB),
    rate_a: r4(v.rateA),
    rate_d: r4(v.rateD),
    calibration_error: r4(v.calibrationError),
    tuning: v.tuning.map((t) => ({
      ridge: t.penalty.ridge,
      smooth: t.penalty.smooth,
      interactions: t.interactions,
    })),
  };
}

type Persona = NonNullable<AssembleInput['personas']>['rows'][number];

/** A persona's win rate as stored, rounded. */
function storePersona(p: Persona) {
  const ci = p.interval;
  return {
    dimension: p.dimension,
    value: p.value,
    deals: p.deals,
    won: p.won,
    win_rate: r4(p.winRate),
    interval: { lo: r4(ci.lo), hi: r4(ci.hi) },
    win_rate_without: Number.isFinite(p.winRateWithout) ? r4(p.winRateWithout) : null,
    lift: r4(p.lift),
  };
}
