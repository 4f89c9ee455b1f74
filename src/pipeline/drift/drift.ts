import type { IcpConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { binReach } from '../../core/icp/bin-reach.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { scoreRecord } from '../../core/icp/score-record.js';
import { auc } from '../../core/stats/metrics.js';
import { benjaminiHochberg, gammaQ, normalTail } from '../../core/stats/multiple-testing.js';
import { type PsiReading, populationStabilityIndex } from '../../core/stats/psi.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import { addMonths, type Every, periodStart } from '../../core/time/periods.js';
import { loadConfig } from '../../data/config/load-config.js';
import { readColumns } from '../../data/db/read-columns.js';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { prepareAnalysis } from '../analysis/prepare-analysis.js';
import { accountRate, type RateCI } from '../../core/stats/account-rate.js';
import { TIER_KEYS as TIERS, type TierKey } from '../../core/icp/tiers.js';
import { percent } from '../../core/format/percent.js';

export type { RateCI } from '../../core/stats/account-rate.js';

export interface AttributeShift {
  readonly attribute: string;
  readonly psi: number;
  /** The conventional reading of the PSI, but 'stable' unless the shift is also significant (p < 0.01). */
  readonly reading: PsiReading;
  /** Chi-square approximation: PSI x n1 n2 / (n1 + n2) on (bins - 1) degrees of freedom. */
  readonly pValue: number;
  /** The bins that moved most: their share of the accounts created before the first window against the window's. */
  readonly moved: readonly { bin: string; before: number; now: number }[];
}

/** A bin whose outcome rate in a window departs from its rate in the ICP's training data. */
export interface SegmentChange {
  readonly attribute: string;
  readonly bin: string;
  /** emerging: outside the ICP's best bins and now clearly better; stopped: among its best and now clearly worse. */
  readonly kind: 'emerging' | 'stopped';
  /** The bin's rate in the baseline (see DriftResult.baseline). */
  readonly before: RateCI;
  readonly now: RateCI;
  readonly q: number;
}

export interface DriftWindow {
  readonly from: string;
  readonly until: string;
  /** Units with an outcome (closed deals, or customers) that arrived in the window. */
  readonly units: number;
  readonly positives: number;
  /** Accounts created in the window: the population the shifts and the tier mix describe. */
  readonly arrivals: number;
  /** Share of the window's new accounts in each tier, and the PSI of that mix against the accounts created before the first window. */
  readonly tierMix: Readonly<Record<TierKey, number>>;
  readonly tierMixPsi: number;
  /** Outcome rate by tier, with 95% Wilson intervals. */
  readonly tierRates: Readonly<Record<TierKey, RateCI | null>>;
  readonly auc: { auc: number; lo: number; hi: number } | null;
  /** Share of the window's positives in tiers A-B. */
  readonly capturedAB: number | null;
  /** The window's AUC interval lies wholly below the ICP's cross-validated interval. */
  readonly rankingFell: boolean;
  readonly shifts: readonly AttributeShift[];
  readonly segments: readonly SegmentChange[];
}

export type DriftVerdict = 'stable' | 'watch' | 'refresh';

export interface DriftResult {
  readonly icp: string;
  /** What each window's bins are compared with: "before 2024-10-01 (1,234 units)", or the ICP's training data. */
  readonly baseline: string;
  readonly target: string;
  readonly unit: 'account' | 'deal';
  readonly windows: readonly DriftWindow[];
  readonly verdict: DriftVerdict;
  /** Why, with the evidence, and what to do. */
  readonly reasons: readonly string[];
  readonly action: string;
  /** With refresh: the date to re-run discovery from. */
  readonly since: string | null;
}

export interface DriftOptions {
  readonly window?: Every;
  /** The first window's start (default: 8 windows before the data end). */
  readonly since?: string;
  readonly today?: string;
  readonly registry?: string;
}

/**
 * Is the ICP still true? Splits the recent past into windows and measures, in each, who
 * arrives (population stability per scorecard attribute against the ICP's training counts,
 * and the tier mix), how the tiers perform (outcome rates with intervals, ranking power), and
 * which bins now do clearly better or worse than before the first window (false-discovery control over
 * every bin of every window). Ends with a verdict: stable, watch or refresh.
 */
export async function drift(
  configPath: string,
  icpRef: string,
  options: DriftOptions = {},
): Promise<DriftResult> {
  const loaded = await loadConfig(configPath);
  const { icp } = await resolveIcp(
    icpRef,
    registryDir({ registry: options.registry, config: configPath }),
  );
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  try {
    return await driftDataset(dataset, loaded.config, icp, options);
  } finally {
    dataset.close();
  }
}

export async function driftDataset(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  options: DriftOptions = {},
): Promise<DriftResult> {
  const card = icp.scorecard;
  if (!card || !icp.tiers)
    throw new IcpError(
      'USAGE',
      `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}); drift compares a scorecard's tiers and bins over time.`,
    );
  if (icp.target.kind === 'column')
    throw new IcpError(
      'USAGE',
      `the ICP ${icp.id} was discovered from a single file (--data); drift needs the config's dated tables.`,
    );
  const every = options.window ?? 'quarter';
  const target = { ...config.target, kind: icp.target.kind };
  const { value, tables } = await prepareAnalysis(dataset, { value: config.value, target });
  const end = value.asOf;
  const unit = icp.target.kind === 'won' ? 'deal' : 'account';
  const table = unit === 'deal' ? 'deals' : 'accounts';
  if (!dataset.tables.get(table)?.columns.created_at)
    throw new IcpError(
      'DATA',
      `drift needs the ${table}' created date to place them in windows: map ${table}.columns.created_at in the config.`,
    );
  const months = { month: 1, quarter: 3, year: 12 }[every];
  const first = options.since ?? addMonths(periodStart(end, every), -7 * months);
  const starts: string[] = [];
  for (let d = periodStart(first, every); d <= end; d = addMonths(d, months)) starts.push(d);
  const units =
    unit === 'deal'
      ? `SELECT d.account_id, CAST(d.created_at AS VARCHAR) AS _at, (d.stage = 'won')::INT AS _y
           FROM deals d JOIN accounts a USING (account_id) WHERE d.stage IN ('won', 'lost')`
      : `SELECT t.account_id, CAST(a.created_at AS VARCHAR) AS _at, t.positive::INT AS _y
           FROM ${tables.target} t JOIN accounts a USING (account_id) WHERE t.eligible`;
  const read = async (sql: string, withAccount = false) => {
    const spec: Record<string, 'number' | 'text'> = { _at: 'text', _y: 'number' };
    if (withAccount) spec._account = 'text';
    for (const a of card.attributes) spec[a.name] = a.kind === 'numeric' ? 'number' : 'text';
    const data = await readColumns(dataset.db, sql, spec);
    const y = Uint8Array.from(data.numbers._y ?? [], (v) => (v === 1 ? 1 : 0));
    const scored = Array.from(y, (_, i) => {
      const record: Record<string, unknown> = {};
      for (const a of card.attributes) {
        const v = a.kind === 'numeric' ? data.numbers[a.name]?.[i] : data.texts[a.name]?.[i];
        record[a.name] = typeof v === 'number' && Number.isNaN(v) ? null : v;
      }
      return scoreRecord(icp, record);
    });
    const at = (data.texts._at ?? []).map((d) => (d ?? '').slice(0, 10));
    return { at, y, scored, accounts: withAccount ? (data.texts._account ?? []) : null };
  };
  // Outcomes: the units the ICP was learned on, all of them: those that arrived before the
  // first window are the baseline each window's bins are compared with.
  // Over deals, the account of each: its deals are one unit in the tiers' intervals.
  const { at, y, scored, accounts } = await read(
    `SELECT u._at, u._y, u.account_id AS _account, x.* FROM (${units}) u
     JOIN ${tables.attributes} x USING (account_id) WHERE u._at IS NOT NULL ORDER BY u._at, u.account_id`,
    unit === 'deal',
  );
  const baseline = baselineCounts(card.attributes, starts[0] as string, at, y, scored);
  // Population: every account, by the date it arrived; those before the first window are the reference.
  const population = await read(
    `SELECT CAST(a.created_at AS VARCHAR) AS _at, NULL::INT AS _y, x.* FROM accounts a
     JOIN ${tables.attributes} x USING (account_id) WHERE a.created_at IS NOT NULL ORDER BY 1, a.account_id`,
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

  // Every bin of every window is tested against the ICP's training rate; BH over all of them.
  const tests: {
    w: number;
    attribute: string;
    bin: string;
    best: boolean;
    before: RateCI;
    now: RateCI;
    p: number;
    own: boolean;
  }[] = [];
  const windows: Omit<DriftWindow, 'segments'>[] = starts.map((from, w) => {
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
    const shifts: AttributeShift[] = card.attributes.map((a) => {
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
    });
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
  });
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
  const full: DriftWindow[] = windows.map((w, k) => ({
    ...w,
    segments: changes
      .filter((c) => c.w === k)
      .sort((a, b) => a.q - b.q || a.attribute.localeCompare(b.attribute))
      .map(({ w: _w, best: _b, p: _p, own: _own, ...c }) => c),
  }));
  return {
    icp: icp.id,
    ...verdictOf(full, baseline.words),
    target: icp.target.definition,
    unit,
    baseline: baseline.words,
    windows: full,
  };
}

type Attribute = NonNullable<IcpDefinition['scorecard']>['attributes'][number];
type Counts = { readonly count: number; readonly positives: number };

/**
 * Each bin's outcome counts among the units that arrived before the first window: what a
 * window is compared with. An ICP learned on data that include the windows would otherwise be
 * compared with itself (a segment that arrived late is averaged into its own baseline). With
 * no unit before the first window, the counts stored in the ICP (its training data) stand in.
 */
function baselineCounts(
  attributes: readonly Attribute[],
  first: string,
  at: readonly string[],
  y: Uint8Array,
  scored: readonly ReturnType<typeof scoreRecord>[],
) {
  const before: number[] = [];
  at.forEach((d, i) => {
    if (d !== '' && d < first) before.push(i);
  });
  const counts = new Map<string, Map<string, { count: number; positives: number }>>();
  for (const a of attributes) {
    const m = new Map(a.bins.map((b) => [b.bin.label, { count: 0, positives: 0 }]));
    for (const i of before) {
      const c = m.get(scored[i]?.reasons.find((r) => r.attribute === a.name)?.bin ?? '');
      if (c) {
        c.count++;
        c.positives += y[i] as number;
      }
    }
    counts.set(a.name, m);
  }
  const measured = before.length > 0;
  return {
    words: measured
      ? `before ${first} (${before.length.toLocaleString('en-US')} units)`
      : 'when the ICP was learned',
    bins: (name: string, b: Attribute['bins'][number]): Counts =>
      measured ? (counts.get(name)?.get(b.bin.label) ?? { count: 0, positives: 0 }) : b,
    all: (a: Attribute): readonly Counts[] =>
      measured ? [...(counts.get(a.name)?.values() ?? [])] : a.bins,
  };
}

function verdictOf(windows: readonly DriftWindow[], baseline: string) {
  const findings = (w: DriftWindow) => {
    const out: string[] = [];
    for (const s of w.segments)
      out.push(
        `${s.attribute} = ${s.bin} ${s.kind === 'emerging' ? 'emerging' : 'stopped performing'}: ${percent(s.now.rate)} (${percent(s.now.lo)}-${percent(s.now.hi)}, n=${s.now.n}) against ${percent(s.before.rate)} ${baseline}`,
      );
    if (w.rankingFell && w.auc)
      out.push(
        `ranking power fell: AUC ${w.auc.auc.toFixed(3)} (${w.auc.lo.toFixed(2)}-${w.auc.hi.toFixed(2)})`,
      );
    for (const s of w.shifts)
      if (s.reading === 'major') out.push(`${s.attribute} shifted: PSI ${s.psi.toFixed(2)}`);
    return out;
  };
  const per = windows.map(findings);
  const last = windows.length - 1;
  // Refresh when findings reach one of the last two windows; the run of windows with findings
  // that ends there says since when.
  let lastFinding = -1;
  for (let k = last; k >= 0; k--)
    if ((per[k] as string[]).length > 0) {
      lastFinding = k;
      break;
    }
  let start = lastFinding;
  while (start > 0 && (per[start - 1] as string[]).length > 0) start--;
  // Strong evidence: a bin at q <= 0.01, ranking power that fell, a major shift, or findings in
  // two windows or more. One weak finding alone only asks to watch.
  const run = lastFinding >= 0 ? windows.slice(start, lastFinding + 1) : [];
  const strong =
    run.length >= 2 ||
    run.some(
      (w) =>
        w.rankingFell ||
        w.segments.some((x) => x.q <= 0.01) ||
        w.shifts.some((x) => x.reading === 'major'),
    );
  if (lastFinding >= 0 && lastFinding >= last - 1 && strong) {
    const since = (windows[start] as DriftWindow).from;
    const reasons = windows.flatMap((w, k) =>
      k >= start ? (per[k] as string[]).map((f) => `${w.from} to ${w.until}: ${f}`) : [],
    );
    // The segment that changed in most windows first (then the strongest evidence): a lasting
    // change leads, a one-window finding follows.
    const found = windows.slice(start).flatMap((w) => w.segments);
    const windowsOf = (s: SegmentChange) =>
      found.filter((x) => x.attribute === s.attribute && x.bin === s.bin).length;
    const ranked = [...found].sort(
      (a, b) => windowsOf(b) - windowsOf(a) || a.q - b.q || a.attribute.localeCompare(b.attribute),
    );
    const changed = [...new Set(ranked.map((s) => s.attribute))];
    const lead = ranked[0];
    return {
      verdict: 'refresh' as const,
      reasons,
      action: `re-run discovery with data since ${since} (icp discover --since ${since})${lead ? `; most of all ${lead.attribute} = ${lead.bin} ${lead.kind === 'emerging' ? 'emerging' : 'stopped performing'} (in ${windowsOf(lead)} window${windowsOf(lead) > 1 ? 's' : ''})` : ''}${changed.length > 0 ? `; the attributes that changed most: ${changed.join(', ')}` : ''}, then compare the two with icp diff old.json new.json --config icp.config.yaml`,
      since,
    };
  }
  const watch = windows.flatMap((w, k) =>
    (per[k] as string[]).map((f) => `${w.from} to ${w.until}: ${f}`),
  );
  const moderate = (windows[last]?.shifts ?? []).filter((s) => s.reading === 'moderate');
  if (watch.length > 0 || moderate.length > 0)
    return {
      verdict: 'watch' as const,
      reasons: [
        ...watch,
        ...moderate.map(
          (s) => `${s.attribute} shifted moderately in the last window: PSI ${s.psi.toFixed(2)}`,
        ),
      ],
      action: 'no change needed yet; run drift again next window',
      since: null,
    };
  return {
    verdict: 'stable' as const,
    reasons: [
      `in ${windows.length} windows no bin did clearly better or worse than ${baseline} (false-discovery rate 5%), ranking power held, and no attribute shifted beyond PSI 0.25`,
    ],
    action: 'keep the ICP',
    since: null,
  };
}

/**
 * Whether a bin moved against the rest of its window, the way it moved against its training
 * rate (`up`): its odds ratio against the window's other units departs from the same odds
 * ratio in the baseline (a ratio of odds ratios, Woolf's variance, one-sided p < 0.05).
 * A window where every unit does better (the outcome's base moved, e.g. a richer mix of
 * customers lifts the value threshold's share) lifts every large bin: this keeps those out
 * and the bin that gained on the others in.
 */
function gainedOnTheRest(
  bin: { readonly count: number; readonly positives: number },
  bins: readonly { readonly count: number; readonly positives: number }[],
  k: number,
  n: number,
  windowPositives: number,
  windowUnits: number,
  up: boolean,
): boolean {
  const restN = windowUnits - n;
  const trainN = bins.reduce((t, x) => t + x.count, 0) - bin.count;
  if (restN <= 0 || trainN <= 0) return true;
  const trainK = bins.reduce((t, x) => t + x.positives, 0) - bin.positives;
  const now = logOdds(k, n, windowPositives - k, restN);
  const then = logOdds(bin.positives, bin.count, trainK, trainN);
  const z = (now.ratio - then.ratio) / Math.sqrt(now.variance + then.variance);
  // One-sided: the direction is the one the bin already moved in against its baseline.
  return (up ? z : -z) > 1.6448536269514722;
}

/** Log odds ratio of k1/n1 against k2/n2, each cell plus 0.5, with its (Woolf) variance. */
function logOdds(k1: number, n1: number, k2: number, n2: number) {
  const cells = [k1 + 0.5, n1 - k1 + 0.5, k2 + 0.5, n2 - k2 + 0.5] as const;
  return {
    ratio: Math.log((cells[0] * cells[3]) / (cells[1] * cells[2])),
    variance: cells.reduce((v, c) => v + 1 / c, 0),
  };
}

function rateCI(k: number, n: number): RateCI {
  return { rate: n > 0 ? k / n : 0, k, n, ...wilsonInterval(k, n) };
}

function dayBefore(d: string): string {
  const date = new Date(`${d}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
