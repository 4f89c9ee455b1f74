import { assignCategoricalBin } from '../binning/bin-categorical.js';
import { assignNumericBin } from '../binning/bin-numeric.js';
import { categoryKey } from '../binning/normalize-category.js';
import { normalizeHeader } from '../model/canonical.js';
import type { Condition, HardRule, IcpDefinition } from './definition.js';
import { toBin } from './to-bins.js';

export type Tier = 'A' | 'B' | 'C' | 'D';

/** One attribute's part in a score. */
export interface Reason {
  readonly attribute: string;
  /** The value as given ('' when missing). */
  readonly value: string;
  readonly bin: string;
  readonly points: number;
  /** points minus the attribute's average points over the training data. */
  readonly versusAverage: number;
  /** "Industry = Fintech: +16.2 points (average 5.1)". */
  readonly text: string;
}

export interface RecordScore {
  readonly score: number;
  readonly probability: number;
  readonly tier: Tier;
  readonly reasons: readonly Reason[];
  /** The three reasons furthest above and below average. */
  readonly topPositive: readonly Reason[];
  readonly topNegative: readonly Reason[];
  readonly disqualified: boolean;
  /** The hard rules that sent the record to tier D, in words. */
  readonly rulesHit: readonly string[];
  readonly nearMiss: string | undefined;
  /** Scorecard attributes the record has no value for. */
  readonly missing: readonly string[];
}

/** Points short of the next tier that still count as a near miss. */
export const NEAR_MISS_POINTS = 5;

/**
 * Scores one record against an ICP: the same answer as the batch, SQL and HTTP paths.
 * Attribute names are matched to record keys ignoring case and punctuation. Pure; runs in a browser.
 *
 * @example scoreRecord(icp, { Industry: 'Fintech', Employees: 450 }).tier
 */
export function scoreRecord(
  icp: IcpDefinition,
  record: Readonly<Record<string, unknown>>,
): RecordScore {
  const card = icp.scorecard;
  const tiers = icp.tiers;
  if (!card || !tiers) {
    throw new RangeError(
      `this ICP has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason})`,
    );
  }
  const lookup = keyLookup(record);
  let score = 0;
  const reasons: Reason[] = [];
  const missing: string[] = [];
  for (const attr of card.attributes) {
    const raw = lookup(attr.name);
    const bins = attr.bins.map((b) => toBin(b.bin));
    const text = raw === undefined || raw === null ? '' : String(raw).trim();
    const index =
      attr.kind === 'numeric'
        ? assignNumericBin(bins, toNumber(raw))
        : assignCategoricalBin(bins, text === '' ? null : text);
    const bin = attr.bins[index]!;
    if (bin.bin.kind === 'missing') missing.push(attr.name);
    score += bin.points;
    const total = attr.bins.reduce((s, b) => s + b.count, 0);
    const average = total > 0 ? attr.bins.reduce((s, b) => s + b.points * b.count, 0) / total : 0;
    reasons.push({
      attribute: attr.name,
      value: text,
      bin: bin.bin.label,
      points: bin.points,
      versusAverage: bin.points - average,
      text: `${bin.bin.kind === 'missing' ? `${attr.name} missing` : `${attr.name} = ${text}${bin.bin.kind === 'categories' ? '' : ` (${bin.bin.label})`}`}: +${bin.points.toFixed(1)} points (average ${average.toFixed(1)})`,
    });
  }
  const logit = card.intercept + score * card.scale;
  const probability = 1 / (1 + Math.exp(-(card.calibration.a * logit + card.calibration.b)));
  const byScore: Tier =
    score >= tiers.A ? 'A' : score >= tiers.B ? 'B' : score >= tiers.C ? 'C' : 'D';
  const rulesHit = icp.rules.filter((r) => ruleHits(r, lookup)).map(describeRule);
  const disqualified = rulesHit.length > 0;
  const sorted = [...reasons].sort(
    (a, b) => b.versusAverage - a.versusAverage || a.attribute.localeCompare(b.attribute),
  );
  return {
    score,
    probability,
    tier: disqualified ? 'D' : byScore,
    reasons,
    topPositive: sorted.filter((r) => r.versusAverage > 0).slice(0, 3),
    topNegative: sorted
      .filter((r) => r.versusAverage < 0)
      .reverse()
      .slice(0, 3),
    disqualified,
    rulesHit,
    nearMiss: nearMiss(score, byScore, tiers, rulesHit),
    missing,
  };
}

function nearMiss(
  score: number,
  tier: Tier,
  t: { A: number; B: number; C: number },
  rulesHit: readonly string[],
): string | undefined {
  if (rulesHit.length === 1 && tier !== 'D')
    return `tier ${tier} on points, held back only by: ${rulesHit[0]}`;
  if (rulesHit.length > 0) return undefined;
  const next =
    tier === 'B' ? ['A', t.A] : tier === 'C' ? ['B', t.B] : tier === 'D' ? ['C', t.C] : undefined;
  if (!next) return undefined;
  const short = (next[1] as number) - score;
  return short <= NEAR_MISS_POINTS
    ? `${short.toFixed(1)} points short of tier ${next[0]}`
    : undefined;
}

function keyLookup(record: Readonly<Record<string, unknown>>): (name: string) => unknown {
  const byNormal = new Map<string, unknown>();
  for (const [k, v] of Object.entries(record))
    if (!byNormal.has(normalizeHeader(k))) byNormal.set(normalizeHeader(k), v);
  return (name) =>
    Object.hasOwn(record, name) ? record[name] : byNormal.get(normalizeHeader(name));
}

/** Plain or thousands-separated numbers; the SQL compiler uses the same pattern. */
export const NUMBER_PATTERN =
  '[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]+)?([eE][+-]?[0-9]+)?|[+-]?\\.[0-9]+([eE][+-]?[0-9]+)?';
const NUMBER = new RegExp(`^(${NUMBER_PATTERN})$`);

/** Numbers as the loader reads them: plain or with thousands separators; anything else is missing. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  if (typeof v !== 'string') return Number.NaN;
  const t = v.trim();
  if (!NUMBER.test(t)) return Number.NaN;
  const n = Number(t.replaceAll(',', ''));
  return Number.isFinite(n) ? n : Number.NaN;
}

/** Does a condition hold for a record? Shared by rules and segments. */
export function conditionHolds(c: Condition, lookup: (name: string) => unknown): boolean {
  const raw = lookup(c.attribute);
  switch (c.op) {
    case 'missing':
    case 'present': {
      const empty = raw === undefined || raw === null || categoryKey(String(raw)) === null;
      return c.op === 'missing' ? empty : !empty;
    }
    case 'in':
    case 'not_in': {
      const key = raw === undefined || raw === null ? null : categoryKey(String(raw));
      const inside = key !== null && c.values.some((v) => categoryKey(v) === key);
      return c.op === 'in' ? inside : key !== null && !inside;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const x = toNumber(raw);
      if (Number.isNaN(x)) return false;
      return c.op === '<'
        ? x < c.value
        : c.op === '<='
          ? x <= c.value
          : c.op === '>'
            ? x > c.value
            : x >= c.value;
    }
    case 'between': {
      const x = toNumber(raw);
      return !Number.isNaN(x) && x >= c.min && x <= c.max;
    }
    case 'range': {
      const x = toNumber(raw);
      return !Number.isNaN(x) && (c.min === null || x >= c.min) && (c.max === null || x < c.max);
    }
    default: {
      const never: never = c;
      throw new Error(`unknown condition ${JSON.stringify(never)}`);
    }
  }
}

function ruleHits(rule: HardRule, lookup: (name: string) => unknown): boolean {
  const holds = conditionHolds(rule.when, lookup);
  return rule.kind === 'disqualify' ? holds : !holds;
}

/** A condition in words: "Employees < 10", "Country in [US, CA]". */
export function describeCondition(c: Condition): string {
  switch (c.op) {
    case 'in':
    case 'not_in':
      return `${c.attribute} ${c.op === 'in' ? 'in' : 'not in'} [${c.values.join(', ')}]`;
    case 'between':
      return `${c.attribute} between ${c.min} and ${c.max}`;
    case 'range':
      return `${c.attribute} in [${c.min ?? '-inf'}, ${c.max ?? 'inf'})`;
    case 'missing':
    case 'present':
      return `${c.attribute} ${c.op}`;
    default:
      return `${c.attribute} ${c.op} ${c.value}`;
  }
}

function describeRule(rule: HardRule): string {
  return `${rule.kind === 'disqualify' ? 'disqualify' : 'must have'}: ${describeCondition(rule.when)}${rule.note ? ` (${rule.note})` : ''}`;
}
