import { wilsonInterval } from '../../core/stats/wilson.js';
import type { AuditResult, Rate, TierRow } from './audit.js';
import { percent } from '../../core/format/percent.js';

/** A misalignment signal, stated as seen with its evidence, or as not seen. */
export interface Signal {
  readonly signal: string;
  readonly seen: boolean;
  readonly evidence: string;
}

const companies = (n: number) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? 'company' : 'companies'}`;
const ci = (r: Rate) =>
  `${percent(r.rate)} (${percent(r.lo)}-${percent(r.hi)}, n=${r.n.toLocaleString('en-US')})`;

/** Pools the counts of several tiers into one rate (Wilson interval over the pooled rows). */
function pooled(rows: readonly TierRow[], pick: (t: TierRow) => Rate | null): Rate | null {
  let k = 0;
  let n = 0;
  for (const t of rows) {
    const r = pick(t);
    if (!r) continue;
    k += r.rate * r.n;
    n += r.n;
  }
  if (n === 0) return null;
  const positives = Math.round(k);
  return { rate: positives / n, n, ...wilsonInterval(positives, n) };
}

/**
 * Pools win rates of several tiers, widening the interval as the tiers' own (cluster-robust)
 * intervals do: the pooled half-width is the n-weighted root of the squared half-widths.
 */
function pooledClustered(rows: readonly TierRow[]): Rate | null {
  let k = 0;
  let n = 0;
  let v = 0;
  for (const t of rows) {
    const r = t.winRate;
    if (!r) continue;
    k += r.rate * r.n;
    n += r.n;
    v += (r.n * ((r.hi - r.lo) / 2)) ** 2;
  }
  if (n === 0) return null;
  const p = k / n;
  const half = Math.sqrt(v) / n;
  return { rate: p, n, lo: Math.max(0, p - half), hi: Math.min(1, p + half) };
}

/**
 * The misalignment signals of seed 002, each decided from the audit's own numbers so the
 * verdict can be checked against the JSON: a difference counts only when the 95% intervals
 * do not overlap.
 */
export function misalignmentSignals(a: Omit<AuditResult, 'signals'>): Signal[] {
  const inIcp = a.tiers.filter((t) => t.tier === 'A' || t.tier === 'B');
  const outside = a.tiers.filter((t) => t.tier !== 'A' && t.tier !== 'B');
  const churnIn = pooled(inIcp, (t) => t.churnRate);
  return [
    ...conversionSignals(a, inIcp, outside),
    ...churnSignals(outside, churnIn),
    ...cycleSignals(inIcp, outside),
    ...narrowSignals(a),
    ...marketSignals(a),
    ...nearMissSignals(a, inIcp, churnIn),
    ...hiddenSignals(a, churnIn),
  ];
}

type Audit = Omit<AuditResult, 'signals'>;

/** Conversion by tier: C-D against A-B (intervals over accounts), and deals lost overall. */
function conversionSignals(
  a: Audit,
  inIcp: readonly TierRow[],
  outside: readonly TierRow[],
): Signal[] {
  const signals: Signal[] = [];
  const winIn = pooledClustered(inIcp);
  const winOut = pooledClustered(outside);
  if (winIn && winOut) {
    const seen = winOut.hi < winIn.lo;
    signals.push({
      signal: 'low conversion in low tiers',
      seen,
      evidence: `win rate in tiers C-D ${ci(winOut)} against A-B ${ci(winIn)}${seen ? '' : ': the intervals overlap or C-D converts as well'}`,
    });
    const lost = 1 - pooled(a.tiers, (t) => t.winRate)!.rate;
    signals.push({
      signal: 'high deal attrition',
      seen: lost >= 0.6,
      evidence: `${percent(lost)} of closed deals were lost (seen from 60%)`,
    });
  }
  return signals;
}

/** Churn in C-D against A-B. */
function churnSignals(outside: readonly TierRow[], churnIn: Rate | null): Signal[] {
  const signals: Signal[] = [];
  const churnOut = pooled(outside, (t) => t.churnRate);
  if (churnIn && churnOut) {
    const seen = churnOut.lo > churnIn.hi;
    signals.push({
      signal: 'churn concentrated outside the ICP',
      seen,
      evidence: `churn in tiers C-D ${ci(churnOut)} against A-B ${ci(churnIn)}${seen ? '' : ': the intervals overlap'}`,
    });
  }
  return signals;
}

/** The longest median cycle of C-D against that of A-B. */
function cycleSignals(inIcp: readonly TierRow[], outside: readonly TierRow[]): Signal[] {
  const signals: Signal[] = [];
  const cycle = (rows: readonly TierRow[]) => {
    const xs = rows.map((t) => t.medianCycleDays).filter((x): x is number => x !== null);
    return xs.length > 0 ? Math.max(...xs) : null;
  };
  const cycleIn = cycle(inIcp);
  const cycleOut = cycle(outside);
  if (cycleIn !== null && cycleOut !== null) {
    signals.push({
      signal: 'long cycles outside the ICP',
      seen: cycleOut > cycleIn * 1.25,
      evidence: `longest median cycle of tiers C-D ${cycleOut.toFixed(0)} days against ${cycleIn.toFixed(0)} in A-B (seen above 1.25 times)`,
    });
  }
  return signals;
}

/** A-B's share of the open pipeline (by amount, else by count of open deals). */
function narrowSignals(a: Audit): Signal[] {
  const signals: Signal[] = [];
  const pipeline = a.shares.openPipeline;
  if (pipeline) {
    const pipelineIn = pipeline.A + pipeline.B;
    signals.push({
      signal: 'over-narrow ICP',
      seen: pipelineIn < 0.2,
      evidence: `tiers A-B hold ${percent(pipelineIn)} of the open pipeline (seen below 20%)`,
    });
  } else if (a.openDeals && a.openDeals.count > 0) {
    // Open deals without amounts: measure the share by count instead, and say so.
    const inAB = a.tiers
      .filter((t) => t.tier === 'A' || t.tier === 'B')
      .reduce((s, t) => s + (t.openDeals ?? 0), 0);
    const share = inAB / a.openDeals.count;
    signals.push({
      signal: 'over-narrow ICP',
      seen: share < 0.2,
      evidence: `tiers A-B hold ${percent(share)} of the ${a.openDeals.count.toLocaleString('en-US')} open deals of known accounts, by count: ${a.openDeals.withAmount === 0 ? 'none has an amount' : 'their amounts add up to nothing'} (seen below 20%)`,
    });
  } else if (a.openDeals) {
    signals.push({
      signal: 'over-narrow ICP',
      seen: false,
      evidence: 'no open deal of a known account to measure it by',
    });
  }
  return signals;
}

/** A-B's share of a market file's companies (`--market`). */
function marketSignals(a: Audit): Signal[] {
  const signals: Signal[] = [];
  if (a.market) {
    const m = a.market;
    signals.push(
      m.rows === 0
        ? {
            signal: 'over-narrow ICP (market)',
            seen: false,
            evidence: `the market file ${m.file} has no rows`,
          }
        : m.size.shareAB === null
          ? {
              signal: 'over-narrow ICP (market)',
              seen: false,
              evidence: `none of the ${m.rows.toLocaleString('en-US')} companies in ${m.file} could be tiered: too little of the scorecard is known for them (tier unknown)${m.absentAttributes.length > 0 ? `; the file has no column for ${m.absentAttributes.join(', ')}` : ''}`,
            }
          : {
              signal: 'over-narrow ICP (market)',
              seen: m.shareAB < 0.05,
              evidence: `tiers A-B hold ${percent(m.shareAB)} of the ${companies(m.rows - m.tiers.unknown)} in ${m.file} that could be tiered (seen below 5%)${m.tiers.unknown > 0 ? `; ${m.tiers.unknown.toLocaleString('en-US')} more are tier unknown` : ''}${m.absentAttributes.length > 0 ? `; the file has no column for ${m.absentAttributes.join(', ')} (scored as missing)` : ''}`,
            },
    );
  }
  return signals;
}

/** Near misses whose customers churn no more and earn about as much as A-B's. */
function nearMissSignals(a: Audit, inIcp: readonly TierRow[], churnIn: Rate | null): Signal[] {
  const signals: Signal[] = [];
  if (a.nearMiss?.churnRate && churnIn) {
    const nm = a.nearMiss;
    const valueIn = weighted(inIcp);
    const churnOk = (nm.churnRate as Rate).lo <= churnIn.hi;
    const valueOk =
      nm.netValuePerMonth !== null && valueIn !== null && nm.netValuePerMonth >= 0.8 * valueIn;
    const seen = nm.customers >= 20 && churnOk && valueOk;
    signals.push({
      signal: 'near misses that perform well',
      seen,
      evidence: `${nm.accounts.toLocaleString('en-US')} accounts sit just outside tiers A-B (a few points short, or held back by one rule only); their ${nm.customers.toLocaleString('en-US')} customers churn ${ci(nm.churnRate as Rate)} against ${ci(churnIn)} in A-B and earn ${money(nm.netValuePerMonth)} a month against ${money(valueIn)}${seen ? ': do not exclude them' : nm.customers < 20 ? ': too few customers to tell (20 needed)' : ''}`,
    });
  }
  return signals;
}

/** The worst sub-segment inside A-B, if any fares clearly worse than the rest of A-B. */
function hiddenSignals(a: Audit, churnIn: Rate | null): Signal[] {
  const signals: Signal[] = [];
  if (churnIn) {
    const worst = a.hiddenSubSegments[0];
    signals.push({
      signal: 'an ICP hiding sub-segments',
      seen: worst !== undefined,
      evidence: worst
        ? `inside tiers A-B, ${worst.attribute} = ${worst.value}: ${ci(worst.bad)} of its customers churned or cost more than they paid, against ${ci(worst.restBad)} for the rest of A-B${a.hiddenSubSegments.length > 1 ? ` (and ${a.hiddenSubSegments.length - 1} more)` : ''}`
        : 'no value of a scorecard category inside tiers A-B (20 customers or more) fares clearly worse than the rest of A-B',
    });
  }
  return signals;
}

/** Net value per month of several tiers together, weighted by customers. */
function weighted(rows: readonly TierRow[]): number | null {
  let sum = 0;
  let n = 0;
  for (const t of rows) {
    if (t.netValuePerMonth === null) continue;
    sum += t.netValuePerMonth * t.customers;
    n += t.customers;
  }
  return n > 0 ? sum / n : null;
}

const money = (x: number | null) => (x === null ? 'n/a' : Math.round(x).toLocaleString('en-US'));
