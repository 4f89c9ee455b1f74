import { binReach } from '../icp/bin-reach.js';
import type { IcpDefinition } from '../icp/definition.js';
import type { scoreRecord } from '../icp/score-record.js';
import { accountRate, type RateCI } from '../stats/account-rate.js';
import { auc } from '../stats/metrics.js';
import { benjaminiHochberg, gammaQ, normalTail } from '../stats/multiple-testing.js';
import { populationStabilityIndex } from '../stats/psi.js';
import { wilsonInterval } from '../stats/wilson.js';
import { addMonths } from '../time/periods.js';
import { type Attribute, baselineCounts } from './baseline-counts.js';
import {
  type AttributeShift,
  type DriftWindow,
  type SegmentChange,
  TIERS,
  type TierKey,
} from './drift-window.js';
import { gainedOnTheRest } from './gained-on-the-rest.js';

type Scored = ReturnType<typeof scoreRecord>;

/** Units read for drift, in date order: when each arrived, its outcome and its score. */
export interface DriftUnits {
  /** YYYY-MM-DD, or '' when unknown. */
  readonly at: readonly string[];
  readonly y: Uint8Array;
  readonly scored: readonly Scored[];
  /** Over deals, each deal's account (one unit in the tiers' intervals); else null. */
  readonly accounts: readonly (string | null)[] | null;
}

/** What drift measures, gathered: the ICP, the windows' starts and length, the data's end. */
export interface DriftInput {
  readonly icp: IcpDefinition & { readonly scorecard: NonNullable<IcpDefinition['scorecard']> };
  readonly starts: readonly string[];
  readonly months: number;
  readonly end: string;
  /** Units with an outcome: those before the first window are each bin's baseline. */
  readonly outcomes: DriftUnits;
  /** Every account by the date it arrived: those before the first window are the reference mix. */
  readonly population: Pick<DriftUnits, 'at' | 'scored'>;
}

/** A bin of a window tested against its baseline rate. */
interface BinTest {
  readonly w: number;
  readonly attribute: string;
  readonly bin: string;
  readonly best: boolean;
  readonly before: RateCI;
  readonly now: RateCI;
  readonly p: number;
  readonly own: boolean;
}

type Context = ReturnType<typeof context>;

/**
 * The drift windows of an ICP (pure): in each, who arrives (population stability per scorecard
 * attribute against the accounts before the first window, and the tier mix), how the tiers
 * perform (outcome rates with intervals, ranking power), and which bins do clearly better or
 * worse than their baseline (every bin of every window tested, Benjamini-Hochberg over all).
 */
export function driftWindows(input: DriftInput): { windows: DriftWindow[]; baseline: string } {
  const ctx = context(input);
  const tests: BinTest[] = [];
  const windows = input.starts.map((from, w) => measureWindow(ctx, from, w, tests));
  const changes = segmentChanges(tests);
  return {
    baseline: ctx.baseline.words,
    windows: windows.map((w, k) => ({
      ...w,
      segments: changes
        .filter((c) => c.w === k)
        .sort((a, b) => a.q - b.q || a.attribute.localeCompare(b.attribute))
        .map(({ w: _w, best: _b, p: _p, own: _own, ...c }) => c),
    })),
  };
}

/** The baseline, the reference population and its tier mix, shared by every window. */
function context(input: DriftInput) {
  const { icp, starts, outcomes, population } = input;
  const card = icp.scorecard;
  const baseline = baselineCounts(
    card.attributes,
    starts[0] as string,
    outcomes.at,
    outcomes.y,
    outcomes.scored,
  );
  const binCounts = (rows: readonly number[], name: string, labels: readonly string[]) => {
    const counts = labels.map(() => 0);
    for (const i of rows) {
      const bin = population.scored[i]?.reasons.find((r) => r.attribute === name)?.bin;
      const k = labels.indexOf(bin ?? '');
      if (k >= 0) counts[k] = (counts[k] as number) + 1;
    }
    return counts;
  };
  const popTier = (i: number): TierKey =>
    population.scored[i]?.disqualified ? 'disqualified' : (population.scored[i]?.tier as TierKey);
  const reference: number[] = [];
  population.at.forEach((d, i) => {
    if (d < (starts[0] as string)) reference.push(i);
  });
  const referenceTiers = TIERS.map((t) => reference.filter((i) => popTier(i) === t).length);
  return { ...input, card, baseline, binCounts, popTier, reference, referenceTiers };
}

/** One window's arrivals, tier mix and rates, ranking power and shifts; its bins go to `tests`. */
function measureWindow(
  ctx: Context,
  from: string,
  w: number,
  tests: BinTest[],
): Omit<DriftWindow, 'segments'> {
  const { icp, months, end, population, popTier, reference, referenceTiers } = ctx;
  const { at, y, scored, accounts } = ctx.outcomes;
  const next = addMonths(from, months);
  const until = next <= end ? dayBefore(next) : end;
  const rows: number[] = [];
  for (let i = 0; i < at.length; i++) {
    const d = at[i] as string;
    if (d >= from && d <= until) rows.push(i);
  }
  const arrivals: number[] = [];
  population.at.forEach((d, i) => {
    if (d >= from && d <= until) arrivals.push(i);
  });
  const arrivalTiers = TIERS.map((t) => arrivals.filter((i) => popTier(i) === t).length);
  const positives = rows.reduce((s, i) => s + (y[i] as number), 0);
  const tierOf = (i: number): TierKey =>
    scored[i]?.disqualified ? 'disqualified' : (scored[i]?.tier as TierKey);
  const tierPos = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<TierKey, number>;
  for (const i of rows) tierPos[tierOf(i)] += y[i] as number;
  const n = rows.length;
  const shifts = ctx.card.attributes.map((a) =>
    attributeShift(ctx, a, { w, rows, arrivals, positives, n }, tests),
  );
  const inWindow = Float64Array.from(rows, (i) => scored[i]?.score ?? 0);
  const yw = Uint8Array.from(rows, (i) => y[i] as number);
  const forward = positives > 0 && positives < n ? auc(inWindow, yw) : null;
  const cv = icp.validation?.auc_interval;
  return {
    from,
    until,
    units: n,
    positives,
    arrivals: arrivals.length,
    tierMix: Object.fromEntries(
      TIERS.map((t, k) => [
        t,
        arrivals.length > 0 ? (arrivalTiers[k] as number) / arrivals.length : 0,
      ]),
    ) as Record<TierKey, number>,
    tierMixPsi:
      arrivals.length > 0 && reference.length > 0
        ? populationStabilityIndex(referenceTiers, arrivalTiers).total
        : 0,
    tierRates: Object.fromEntries(
      TIERS.map((t) => {
        const inTier = rows.filter((i) => tierOf(i) === t);
        return [t, inTier.length > 0 ? accountRate(inTier, y, accounts) : null];
      }),
    ) as Record<TierKey, RateCI | null>,
    auc: forward,
    capturedAB: positives > 0 ? (tierPos.A + tierPos.B) / positives : null,
    rankingFell: forward !== null && cv !== undefined && forward.hi < cv.lo,
    shifts,
  };
}

/** How an attribute's bins moved among a window's arrivals; each bin's rate tested into `tests`. */
function attributeShift(
  ctx: Context,
  a: Attribute,
  window: {
    readonly w: number;
    readonly rows: readonly number[];
    readonly arrivals: readonly number[];
    readonly positives: number;
    readonly n: number;
  },
  tests: BinTest[],
): AttributeShift {
  const { card, baseline, binCounts, reference } = ctx;
  const { y, scored } = ctx.outcomes;
  const { w, rows, arrivals, positives, n } = window;
  const labels = a.bins.map((b) => b.bin.label);
  const counts = binCounts(arrivals, a.name, labels);
  const expected = binCounts(reference, a.name, labels);
  const nArrivals = arrivals.length;
  const psi = populationStabilityIndex(expected, counts);
  // PSI is biased upwards on small windows: under no change, PSI x (n1 n2 / (n1 + n2)) is
  // about chi-square with (bins - 1) degrees of freedom. A shift counts only when that test
  // also rejects at 1%.
  const n1 = expected.reduce((x, c) => x + c, 0);
  const scaled = nArrivals > 0 && n1 > 0 ? (psi.total * n1 * nArrivals) / (n1 + nArrivals) : 0;
  const pShift = nArrivals > 0 ? gammaQ((labels.length - 1) / 2, scaled / 2) : 1;
  const totalE = expected.reduce((s, x) => s + x, 0) || 1;
  const moved = labels
    .map((bin, k) => ({
      bin,
      before: (expected[k] as number) / totalE,
      now: nArrivals > 0 ? (counts[k] as number) / nArrivals : 0,
      c: psi.bins[k] as number,
    }))
    .sort((p, q) => q.c - p.c)
    .slice(0, 3)
    .map(({ c: _c, ...m }) => m);
  const maxPoints = Math.max(...a.bins.map((b) => b.points));
  a.bins.forEach((b) => {
    let nk = 0;
    let kk = 0;
    for (const i of rows)
      if (scored[i]?.reasons.find((r) => r.attribute === a.name)?.bin === b.bin.label) {
        nk++;
        kk += y[i] as number;
      }
    const ref = baseline.bins(a.name, b);
    if (nk < 20 || ref.count === 0) return;
    const before = rateCI(ref.positives, ref.count);
    const now = rateCI(kk, nk);
    const pooled = (ref.positives + kk) / (ref.count + nk);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / ref.count + 1 / nk));
    const z = se > 0 ? (now.rate - before.rate) / se : 0;
    tests.push({
      w,
      attribute: a.name,
      bin: b.bin.label,
      // Among the best: the top bin, or one the interactions lift to its points or more.
      best: binReach(card, a.name, b) >= maxPoints - 1e-9,
      before,
      now,
      p: se > 0 ? 2 * normalTail(Math.abs(z)) : 1,
      own: gainedOnTheRest(ref, baseline.all(a), kk, nk, positives, n, z > 0),
    });
  });
  return {
    attribute: a.name,
    psi: psi.total,
    reading: pShift < 0.01 ? psi.reading : 'stable',
    pValue: pShift,
    moved,
  };
}

/** The tested bins that changed, after Benjamini-Hochberg over all of them. */
function segmentChanges(tests: readonly BinTest[]) {
  const q = benjaminiHochberg(tests.map((t) => t.p));
  const found = tests
    .map((t, k) => ({ ...t, q: q[k] as number }))
    // A bin that only moved with its whole window (every unit did better) is no segment.
    .filter((t) => t.q <= 0.05 && t.own);
  const up = (t: (typeof found)[number]) => t.now.rate > t.before.rate;
  const changes = found.flatMap((t): (typeof t & { kind: SegmentChange['kind'] })[] => {
    if (up(t) && !t.best) return [{ ...t, kind: 'emerging' }];
    // A best bin that does clearly better is emerging too when it does so in two windows or
    // more: the ICP underrates it (a segment that arrived late is averaged with its older,
    // weaker self in the training data). One window alone may be the last one's short deals.
    if (up(t))
      return found.filter((x) => x.attribute === t.attribute && x.bin === t.bin && up(x)).length >=
        2
        ? [{ ...t, kind: 'emerging' }]
        : [];
    if (t.best) return [{ ...t, kind: 'stopped' }];
    return [];
  });
  return changes;
}

function rateCI(k: number, n: number): RateCI {
  return { rate: n > 0 ? k / n : 0, k, n, ...wilsonInterval(k, n) };
}

function dayBefore(d: string): string {
  const date = new Date(`${d}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
