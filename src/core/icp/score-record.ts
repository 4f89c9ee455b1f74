import { assignCategoricalBin } from '../binning/bin-categorical.js';
import { assignNumericBin } from '../binning/bin-numeric.js';
import { categoryKey } from '../binning/normalize-category.js';
import { normalizeHeader } from '../model/canonical.js';
import { cellText, parseNumber } from '../parse/cell.js';
import { deriveValue } from '../parse/derive.js';
import type { IcpDefinition, ScorecardAttribute } from './definition.js';
import type { Reason, RecordScore, Tier, ValueWarning } from './record-score.js';
import {
  NEAR_MISS_POINTS,
  REASONS_EACH_WAY,
  roundHalfUp,
  SCORE_DECIMALS,
  SHARE_DECIMALS,
  type ScorePlan,
  scorePlan,
  unknownReason,
} from './score-plan.js';
import { conditionHolds, describeRule, ruleHits } from './condition-holds.js';
import { toBins } from './to-bins.js';
import { scoreInteractions } from './score-interactions.js';

export {
  type Reason,
  type RecordScore,
  type Tier,
  TIERS,
  type ValueWarning,
} from './record-score.js';

export interface ScoreRecordOptions {
  /** Scorecard attribute -> the record's field holding it, for records named otherwise. */
  readonly map?: Readonly<Record<string, string>>;
  /** Overrides the ICP's `tiers.min_coverage`. */
  readonly minCoverage?: number;
}

export { NEAR_MISS_POINTS } from './score-plan.js';
export { conditionHolds, describeCondition } from './condition-holds.js';

/**
 * Scores one record against an ICP: the same answer as the batch, SQL and HTTP paths.
 * Attribute names are matched to record keys ignoring case and punctuation. Pure; runs in a browser.
 *
 * @example scoreRecord(icp, { Industry: 'Fintech', Employees: 450 }).tier
 */
export function scoreRecord(
  icp: IcpDefinition,
  record: Readonly<Record<string, unknown>>,
  options: ScoreRecordOptions = {},
): RecordScore {
  const plan = scorePlan(icp);
  const card = icp.scorecard!;
  const minCoverage = options.minCoverage ?? plan.minCoverage;
  const lookup = withDerived(card.attributes, keyLookup(record, options.map), options.map);
  const { raw, covered, reasons, byRank, missing, warnings, move } = readAttributes(
    icp,
    plan,
    lookup,
  );
  const score = roundHalfUp(raw, SCORE_DECIMALS);
  const coverage = roundHalfUp(covered, SHARE_DECIMALS);
  const logit = card.intercept + score * card.scale;
  const probability = roundHalfUp(
    1 / (1 + Math.exp(-(card.calibration.a * logit + card.calibration.b))),
    SHARE_DECIMALS,
  );
  const t = plan.tiers;
  const byScore = score >= t.A ? 'A' : score >= t.B ? 'B' : score >= t.C ? 'C' : 'D';
  const rulesHit = icp.rules.filter((r) => ruleHits(r, lookup.value)).map(describeRule);
  const disqualified = rulesHit.length > 0;
  const known = coverage >= minCoverage;
  const tier: Tier = disqualified ? 'D' : known ? byScore : 'unknown';
  // Ranks are unique and ordered: the lowest are the strongest for, the highest the strongest against.
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  const forRanks = ranks.filter((r) => r < plan.forCount).slice(0, REASONS_EACH_WAY);
  const againstRanks = ranks
    .filter((r) => r >= plan.forCount)
    .reverse()
    .slice(0, REASONS_EACH_WAY);
  const why = tier === 'unknown' ? unknownReason(missing) : undefined;
  return {
    score,
    probability,
    tier,
    coverage,
    reasons,
    topPositive: forRanks.map((r) => byRank.get(r)!),
    topNegative: againstRanks.map((r) => byRank.get(r)!),
    reasonText: [
      ...(why ? [why] : []),
      ...[...forRanks, ...againstRanks].map((r) => plan.ranked[r]!),
    ].join('; '),
    unknownReason: why,
    disqualified,
    rulesHit,
    nearMiss: known ? nearMiss(score, byScore, t, rulesHit, move) : undefined,
    missing,
    warnings,
  };
}

/** Each scorecard attribute's bin in the record, and what follows from it. */
function readAttributes(icp: IcpDefinition, plan: ScorePlan, lookup: Lookup) {
  let raw = 0;
  let covered = 0;
  const reasons: Reason[] = [];
  const byRank = new Map<number, Reason>();
  const missing: string[] = [];
  const warnings: ValueWarning[] = [];
  let move: { gain: number; to: string } = { gain: 0, to: '' };
  icp.scorecard!.attributes.forEach((attr, i) => {
    const planned = plan.attributes[i]!;
    const { key, value: given } = lookup.entry(attr.name);
    const text = cellText(given) ?? '';
    const bins = toBins(attr);
    let index: number;
    if (attr.kind === 'numeric') {
      const x = parseNumber(given);
      index = assignNumericBin(bins, x);
      if (Number.isNaN(x) && categoryKey(text) !== null && key !== undefined)
        warnings.push(unreadable(key, attr.name, given as string | number | boolean));
    } else index = assignCategoricalBin(bins, text === '' ? null : text);
    const bin = planned.bins[index]!;
    if (bin.missing) missing.push(attr.name);
    else covered += planned.weight;
    raw += bin.points;
    if (bin.gain > move.gain) move = { gain: bin.gain, to: bin.gainTo ?? '' };
    const reason = {
      attribute: attr.name,
      value: text,
      bin: bin.label,
      points: bin.points,
      versusAverage: bin.versusAverage,
      text: bin.text,
    };
    reasons.push(reason);
    if (bin.rank !== null) byRank.set(bin.rank, reason);
  });
  // Interactions after the attributes, added one by one as the SQL adds them: floating-point
  // sums in another order can differ in the last digit and round to another score.
  for (const { reason, rank } of scoreInteractions(plan.interactions, (c) =>
    conditionHolds(c, lookup.value),
  )) {
    raw += reason.points;
    reasons.push(reason);
    if (rank !== null) byRank.set(rank, reason);
  }
  return { raw, covered, reasons, byRank, missing, warnings, move };
}

function unreadable(field: string, attribute: string, value: string | number | boolean) {
  return {
    field,
    attribute,
    value,
    message: `${JSON.stringify(value)} is not a number, so ${attribute} was scored as missing`,
  };
}

/**
 * A near miss: held back only by one hard rule while not tier D on points; or, in tier B or C,
 * at most NEAR_MISS_POINTS short of the next tier when one numeric attribute moving one bin
 * (see `PlannedBin.gain`) would make up the difference.
 */
function nearMiss(
  score: number,
  tier: Exclude<Tier, 'unknown'>,
  t: { A: number; B: number; C: number },
  rulesHit: readonly string[],
  move: { gain: number; to: string },
): string | undefined {
  if (rulesHit.length === 1 && tier !== 'D')
    return `tier ${tier} on points, held back only by: ${rulesHit[0]}`;
  if (rulesHit.length > 0) return undefined;
  // Only the step into A, or into A-B, is worth a seller's second look: D short of C is not.
  const next = tier === 'B' ? ['A', t.A] : tier === 'C' ? ['B', t.B] : undefined;
  if (!next) return undefined;
  const short = (next[1] as number) - score;
  return short <= NEAR_MISS_POINTS && move.gain >= short
    ? `${short.toFixed(1)} points short of tier ${next[0]}; ${move.to} would add ${move.gain.toFixed(1)}`
    : undefined;
}

interface Lookup {
  /** The field holding an attribute (its key in the record) and its value. */
  entry(name: string): { key: string | undefined; value: unknown };
  value(name: string): unknown;
}

function keyLookup(
  record: Readonly<Record<string, unknown>>,
  map: Readonly<Record<string, string>> | undefined,
): Lookup {
  const byNormal = new Map<string, string>();
  for (const k of Object.keys(record))
    if (!byNormal.has(normalizeHeader(k))) byNormal.set(normalizeHeader(k), k);
  const entry = (name: string) => {
    const wanted = map?.[name] ?? name;
    const key = Object.hasOwn(record, wanted) ? wanted : byNormal.get(normalizeHeader(wanted));
    return { key, value: key === undefined ? undefined : record[key] };
  };
  return { entry, value: (name) => entry(name).value };
}

/**
 * A lookup that also answers derived attributes (a date's age, a list's item): the rule applied
 * to the value of its `from` field (or of the field `map` names for the attribute itself), read
 * as every path reads it (core/parse); and that reads true / false as 1 / 0 for an attribute
 * that was 0 or 1 in training (a warehouse's BOOLEAN column for discovery's 0/1 column).
 */
function withDerived(
  attributes: readonly ScorecardAttribute[],
  lookup: Lookup,
  map: Readonly<Record<string, string>> | undefined,
): Lookup {
  const rules = new Map(attributes.flatMap((a) => (a.derive ? [[a.name, a.derive] as const] : [])));
  const zeroOne = new Set(attributes.filter(isZeroOne).map((a) => a.name));
  if (rules.size === 0 && zeroOne.size === 0) return lookup;
  const entry = (name: string) => {
    const rule = rules.get(name);
    if (rule) {
      const from = lookup.entry(map?.[name] ? name : rule.from);
      return { key: from.key, value: deriveValue(rule, from.value) };
    }
    const found = lookup.entry(name);
    if (!zeroOne.has(name)) return found;
    const n = parseNumber(found.value, { booleans: true });
    return Number.isNaN(n) ? found : { key: found.key, value: n };
  };
  return { entry, value: (name) => entry(name).value };
}

/** A numeric attribute that was only 0 and 1 in training (its stored range). */
export function isZeroOne(attr: ScorecardAttribute): boolean {
  return (
    attr.kind === 'numeric' &&
    attr.range !== undefined &&
    attr.range.min >= 0 &&
    attr.range.max <= 1
  );
}

/** Numbers as every path reads them (core/parse): NaN when missing or not a number. */
export const toNumber = parseNumber;
