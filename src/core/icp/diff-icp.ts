import { categoryKey } from '../binning/normalize-category.js';
import { normalizeHeader } from '../model/canonical.js';
import type { Condition, HardRule, IcpDefinition, StoredBin } from './definition.js';
import { describeCondition } from './score-record.js';

export {
  TIER_STATES,
  type TierState,
  type TierTransitions,
  tierState,
  tierTransitions,
  transitionsFromCells,
} from './tier-transitions.js';

/** Points that differ by less than this are the same (floating-point noise, not an edit). */
const POINTS_EPSILON = 1e-9;

/** One bin whose points changed between the two ICPs. */
export interface BinPointsChange {
  readonly bin: string;
  readonly old: number;
  readonly new: number;
}

/** A scorecard attribute present in both ICPs that scores differently. */
export interface AttributeChange {
  readonly name: string;
  /** numeric or categorical, when that changed. */
  readonly kind: { readonly old: string; readonly new: string } | null;
  /** Cut points of a numeric attribute (the finite ends of its ranges), when they changed. */
  readonly cuts: { readonly old: readonly number[]; readonly new: readonly number[] } | null;
  /** Labels of bins only in the new ICP, and only in the old one (bins are matched by what they hold, not by label). */
  readonly binsAdded: readonly string[];
  readonly binsRemoved: readonly string[];
  /** Bins in both whose points changed. */
  readonly points: readonly BinPointsChange[];
  /** The most points the attribute can add (its best bin), old and new. */
  readonly maxPoints: { readonly old: number; readonly new: number };
}

/** A scorecard attribute only one of the two ICPs has. */
export interface AttributeSummary {
  readonly name: string;
  readonly kind: string;
  readonly bins: number;
  readonly maxPoints: number;
}

/** A segment or anti-segment, identified by its conditions. */
export interface SegmentSummary {
  readonly label: string;
  /** The conditions in words, in a fixed order. */
  readonly conditions: readonly string[];
  readonly count: number;
  readonly rate: number;
}

export interface SetDiff<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
  /** How many are in both. */
  readonly kept: number;
}

export interface IcpDiff {
  readonly old: { readonly id: string; readonly name: string };
  readonly new: { readonly id: string; readonly name: string; readonly parent: string | null };
  /** The new ICP names the old one as its parent (it was re-discovered from it). */
  readonly parentMatches: boolean;
  /** Same id: same content. */
  readonly sameId: boolean;
  readonly target: {
    readonly changed: boolean;
    readonly old: IcpDefinition['target'];
    readonly new: IcpDefinition['target'];
  };
  readonly verdict: {
    readonly changed: boolean;
    readonly old: IcpDefinition['verdict'];
    readonly new: IcpDefinition['verdict'];
  };
  readonly scorecard: {
    readonly added: readonly AttributeSummary[];
    readonly removed: readonly AttributeSummary[];
    readonly changed: readonly AttributeChange[];
    readonly unchanged: readonly string[];
  };
  readonly tiers: {
    readonly changed: boolean;
    readonly old: IcpDefinition['tiers'];
    readonly new: IcpDefinition['tiers'];
  };
  readonly segments: SetDiff<SegmentSummary>;
  readonly antiSegments: SetDiff<SegmentSummary>;
  /** Hard rules in words ("disqualify: Employees < 15"), matched by kind and condition; notes are ignored. */
  readonly rules: SetDiff<string>;
}

/**
 * Compares two ICP definitions: what a person reviewing a re-discovered ICP needs to see before
 * it replaces the old one. Attributes are matched by name ignoring case and punctuation (as
 * scoring matches them), bins by what they hold (range ends, category values, other, missing),
 * segments by their set of conditions, hard rules by kind and condition. Pure.
 *
 * @example diffIcp(oldIcp, newIcp).scorecard.changed.map((c) => c.name)
 */
export function diffIcp(oldIcp: IcpDefinition, newIcp: IcpDefinition): IcpDiff {
  const oldAttrs = oldIcp.scorecard?.attributes ?? [];
  const newAttrs = newIcp.scorecard?.attributes ?? [];
  const newByName = new Map(newAttrs.map((a) => [normalizeHeader(a.name), a]));
  const oldNames = new Set(oldAttrs.map((a) => normalizeHeader(a.name)));
  const changed: AttributeChange[] = [];
  const unchanged: string[] = [];
  for (const o of oldAttrs) {
    const n = newByName.get(normalizeHeader(o.name));
    if (!n) continue;
    const change = compareAttribute(o, n);
    if (change) changed.push(change);
    else unchanged.push(n.name);
  }
  return {
    old: { id: oldIcp.id, name: oldIcp.name },
    new: { id: newIcp.id, name: newIcp.name, parent: newIcp.parent },
    parentMatches: newIcp.parent === oldIcp.id,
    sameId: newIcp.id === oldIcp.id,
    target: {
      changed:
        oldIcp.target.kind !== newIcp.target.kind ||
        oldIcp.target.definition !== newIcp.target.definition,
      old: oldIcp.target,
      new: newIcp.target,
    },
    verdict: {
      changed: oldIcp.verdict.kind !== newIcp.verdict.kind,
      old: oldIcp.verdict,
      new: newIcp.verdict,
    },
    scorecard: {
      added: newAttrs.filter((a) => !oldNames.has(normalizeHeader(a.name))).map(summarise),
      removed: oldAttrs.filter((a) => !newByName.has(normalizeHeader(a.name))).map(summarise),
      changed,
      unchanged,
    },
    tiers: {
      changed: !sameTiers(oldIcp.tiers, newIcp.tiers),
      old: oldIcp.tiers,
      new: newIcp.tiers,
    },
    segments: diffSegments(oldIcp.segments, newIcp.segments),
    antiSegments: diffSegments(oldIcp.anti_segments, newIcp.anti_segments),
    rules: diffBy(oldIcp.rules, newIcp.rules, ruleKey, describeHardRule),
  };
}

type Attribute = NonNullable<IcpDefinition['scorecard']>['attributes'][number];

function compareAttribute(o: Attribute, n: Attribute): AttributeChange | null {
  const oldBins = new Map(o.bins.map((b) => [binKey(b.bin), b]));
  const newBins = new Map(n.bins.map((b) => [binKey(b.bin), b]));
  const binsAdded = n.bins.filter((b) => !oldBins.has(binKey(b.bin))).map((b) => b.bin.label);
  const binsRemoved = o.bins.filter((b) => !newBins.has(binKey(b.bin))).map((b) => b.bin.label);
  const points: BinPointsChange[] = [];
  for (const b of n.bins) {
    const before = oldBins.get(binKey(b.bin));
    if (before && Math.abs(before.points - b.points) > POINTS_EPSILON)
      points.push({ bin: b.bin.label, old: before.points, new: b.points });
  }
  const oldCuts = cuts(o.bins.map((b) => b.bin));
  const newCuts = cuts(n.bins.map((b) => b.bin));
  const cutsChanged =
    (oldCuts.length > 0 || newCuts.length > 0) &&
    (oldCuts.length !== newCuts.length || oldCuts.some((c, i) => c !== newCuts[i]));
  const kindChanged = o.kind !== n.kind;
  if (!kindChanged && binsAdded.length === 0 && binsRemoved.length === 0 && points.length === 0)
    return null;
  return {
    name: n.name,
    kind: kindChanged ? { old: o.kind, new: n.kind } : null,
    cuts: cutsChanged ? { old: oldCuts, new: newCuts } : null,
    binsAdded,
    binsRemoved,
    points,
    maxPoints: { old: maxPoints(o), new: maxPoints(n) },
  };
}

function summarise(a: Attribute): AttributeSummary {
  return { name: a.name, kind: a.kind, bins: a.bins.length, maxPoints: maxPoints(a) };
}

function maxPoints(a: Attribute): number {
  return Math.max(...a.bins.map((b) => b.points));
}

/** The finite ends of a numeric attribute's ranges, ascending, each once. */
function cuts(bins: readonly StoredBin[]): number[] {
  const ends = new Set<number>();
  for (const b of bins)
    if (b.kind === 'range') {
      if (b.lo !== null) ends.add(b.lo);
      if (b.hi !== null) ends.add(b.hi);
    }
  return [...ends].sort((a, b) => a - b);
}

/** What a bin holds, independent of its label. */
function binKey(bin: StoredBin): string {
  switch (bin.kind) {
    case 'range':
      return `range:${bin.lo ?? '-inf'}:${bin.hi ?? 'inf'}`;
    case 'categories':
      return `categories:${JSON.stringify([...bin.values].sort())}`;
    default:
      return bin.kind;
  }
}

/**
 * A condition as a key: the attribute normalised as scoring matches it, category values as
 * scoring compares them (case, spacing, punctuation), in a fixed order.
 */
function conditionKey(c: Condition): string {
  const attribute = normalizeHeader(c.attribute);
  const keyed =
    c.op === 'in' || c.op === 'not_in'
      ? { ...c, attribute, values: [...new Set(c.values.map((v) => categoryKey(v) ?? v))].sort() }
      : { ...c, attribute };
  return describeCondition(keyed);
}

function ruleKey(r: HardRule): string {
  return `${r.kind}|${conditionKey(r.when)}`;
}

function describeHardRule(r: HardRule): string {
  return `${r.kind === 'disqualify' ? 'disqualify' : 'must have'}: ${describeCondition(r.when)}`;
}

type Segment = IcpDefinition['segments'][number];

function segmentKey(s: Segment): string {
  return [...new Set(s.conditions.map(conditionKey))].sort().join(' & ');
}

function diffSegments(old: readonly Segment[], now: readonly Segment[]): SetDiff<SegmentSummary> {
  return diffBy(old, now, segmentKey, (s) => ({
    label: s.label,
    conditions: [...s.conditions]
      .sort((a, b) => conditionKey(a).localeCompare(conditionKey(b)))
      .map(describeCondition),
    count: s.count,
    rate: s.rate,
  }));
}

function diffBy<T, S>(
  old: readonly T[],
  now: readonly T[],
  key: (x: T) => string,
  show: (x: T) => S,
): SetDiff<S> {
  const oldKeys = new Set(old.map(key));
  const newKeys = new Set(now.map(key));
  const seen = new Set<string>();
  const once = (x: T) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
  const added = now.filter((x) => !oldKeys.has(key(x))).filter(once);
  const removed = old.filter((x) => !newKeys.has(key(x))).filter(once);
  return {
    added: added.map(show),
    removed: removed.map(show),
    kept: [...newKeys].filter((k) => oldKeys.has(k)).length,
  };
}

function sameTiers(a: IcpDefinition['tiers'], b: IcpDefinition['tiers']): boolean {
  if (a === null || b === null) return a === b;
  return a.A === b.A && a.B === b.B && a.C === b.C;
}
