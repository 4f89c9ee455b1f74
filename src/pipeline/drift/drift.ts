import type { IcpConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { scoreRecord } from '../../core/icp/score-record.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { auc } from '../../core/stats/metrics.js';
import { benjaminiHochberg, gammaQ, normalTail } from '../../core/stats/multiple-testing.js';
import { type PsiReading, populationStabilityIndex } from '../../core/stats/psi.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import { loadConfig } from '../../data/config/load-config.js';
import { readColumns } from '../../data/db/read-columns.js';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { addMonths, type Every, periodStart } from '../backtest/backtest.js';
import { prepareAttributes } from '../discover/discovery-rows.js';
import { computeCustomerValue } from '../value/customer-value.js';
import { computeTarget } from '../value/target.js';

/** unknown: too little of the scorecard known to tier (its own row, as in the audit). */
const TIERS = ['A', 'B', 'C', 'D', 'unknown', 'disqualified'] as const;
type TierKey = (typeof TIERS)[number];

export interface RateCI {
  readonly rate: number;
  readonly k: number;
  readonly n: number;
  readonly lo: number;
  readonly hi: number;
}

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
 * which bins now do clearly better or worse than the ICP learned (false-discovery control over
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
  const value = await computeCustomerValue(dataset, config.value);
  const end = value.asOf;
  await computeTarget(dataset, value, { ...config.target, kind: icp.target.kind });
  await prepareAttributes(dataset);
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
           FROM account_target t JOIN accounts a USING (account_id) WHERE t.eligible`;
  const read = async (sql: string) => {
    const spec: Record<string, 'number' | 'text'> = { _at: 'text', _y: 'number' };
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
    return { at: (data.texts._at ?? []).map((d) => (d ?? '').slice(0, 10)), y, scored };
  };
  // Outcomes: the units the ICP was learned on, from the first window on.
  const { at, y, scored } = await read(
    `SELECT u._at, u._y, x.* FROM (${units}) u JOIN _account_attributes x USING (account_id)
     WHERE u._at >= ${quoteLiteral(starts[0] as string)} ORDER BY u._at, u.account_id`,
  );
  // Population: every account, by the date it arrived; those before the first window are the reference.
  const population = await read(
    `SELECT CAST(a.created_at AS VARCHAR) AS _at, NULL::INT AS _y, x.* FROM accounts a
     JOIN _account_attributes x USING (account_id) WHERE a.created_at IS NOT NULL ORDER BY 1, a.account_id`,
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
    const tierCount = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<TierKey, number>;
    const tierPos = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<TierKey, number>;
    for (const i of rows) {
      tierCount[tierOf(i)]++;
      tierPos[tierOf(i)] += y[i] as number;
    }
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
        if (nk < 20 || b.count === 0) return;
        const before = rateCI(b.positives, b.count);
        const now = rateCI(kk, nk);
        const pooled = (b.positives + kk) / (b.count + nk);
        const se = Math.sqrt(pooled * (1 - pooled) * (1 / b.count + 1 / nk));
        const z = se > 0 ? (now.rate - before.rate) / se : 0;
        tests.push({
          w,
          attribute: a.name,
          bin: b.bin.label,
          best: b.points >= maxPoints - 1e-9,
          before,
          now,
          p: se > 0 ? 2 * normalTail(Math.abs(z)) : 1,
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
        TIERS.map((t) => [t, tierCount[t] > 0 ? rateCI(tierPos[t], tierCount[t]) : null]),
      ) as Record<TierKey, RateCI | null>,
      auc: forward,
      capturedAB: positives > 0 ? (tierPos.A + tierPos.B) / positives : null,
      rankingFell: forward !== null && cv !== undefined && forward.hi < cv.lo,
      shifts,
    };
  });
  const q = benjaminiHochberg(tests.map((t) => t.p));
  const changes = tests
    .map((t, k) => ({ ...t, q: q[k] as number }))
    .filter((t) => t.q <= 0.05)
    .flatMap((t): (typeof t & { kind: SegmentChange['kind'] })[] => {
      const better = t.now.rate > t.before.rate;
      if (better && !t.best) return [{ ...t, kind: 'emerging' }];
      if (!better && t.best) return [{ ...t, kind: 'stopped' }];
      return [];
    });
  const full: DriftWindow[] = windows.map((w, k) => ({
    ...w,
    segments: changes
      .filter((c) => c.w === k)
      .sort((a, b) => a.q - b.q || a.attribute.localeCompare(b.attribute))
      .map(({ w: _w, best: _b, p: _p, ...c }) => c),
  }));
  return { icp: icp.id, ...verdictOf(full), target: icp.target.definition, unit, windows: full };
}

function verdictOf(windows: readonly DriftWindow[]) {
  const findings = (w: DriftWindow) => {
    const out: string[] = [];
    for (const s of w.segments)
      out.push(
        `${s.attribute} = ${s.bin} ${s.kind === 'emerging' ? 'emerging' : 'stopped performing'}: ${pct(s.now.rate)} (${pct(s.now.lo)}-${pct(s.now.hi)}, n=${s.now.n}) against ${pct(s.before.rate)} when the ICP was learned`,
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
    const changed = [
      ...new Set(windows.slice(start).flatMap((w) => w.segments.map((s) => s.attribute))),
    ];
    return {
      verdict: 'refresh' as const,
      reasons,
      action: `re-run discovery with data since ${since} (icp discover --since ${since})${changed.length > 0 ? `; the attributes that changed most: ${changed.join(', ')}` : ''}, then compare the two with icp diff --data`,
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
      `in ${windows.length} windows no bin did clearly better or worse than the ICP learned (false-discovery rate 5%), ranking power held, and no attribute shifted beyond PSI 0.25`,
    ],
    action: 'keep the ICP',
    since: null,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function rateCI(k: number, n: number): RateCI {
  return { rate: n > 0 ? k / n : 0, k, n, ...wilsonInterval(k, n) };
}

function dayBefore(d: string): string {
  const date = new Date(`${d}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
