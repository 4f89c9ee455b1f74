import { categoryKey } from '../binning/normalize-category.js';
import type { Condition } from '../icp/definition.js';
import { describeCondition } from '../icp/score-record.js';
import { lookupAt, type Share, share, type VerifyRows } from './measure.js';
import { percent } from '../format/percent.js';

export type Effect =
  | 'helps'
  | 'hurts'
  | 'excludes good customers'
  | 'no clear effect'
  | 'no effect';

/** What one criterion (or one value of an `in` list) does to the ICP. */
export interface Contribution {
  readonly criterion: string;
  /** A value of the criterion's list, when the contribution is per value. */
  readonly value?: string;
  readonly effect: Effect;
  readonly evidence: string;
}

const ci = (s: Share) =>
  `${percent(s.rate)} (${percent(s.lo)}-${percent(s.hi)}, n=${s.n.toLocaleString('en-US')})`;

type Rate = (pick: (i: number) => boolean, outcome: 'positive' | 'bad') => Share | null;

/** The share positive (of the eligible) or bad (of the customers) among the rows picked. */
function rateOver(rows: VerifyRows): Rate {
  return (pick, outcome) => {
    let k = 0;
    let n = 0;
    for (let i = 0; i < rows.n; i++) {
      if (!pick(i)) continue;
      const counted = outcome === 'positive' ? rows.eligible[i] : rows.customer[i];
      if (counted !== 1) continue;
      n++;
      k += outcome === 'positive' ? (rows.positive[i] as number) : (rows.bad[i] as number);
    }
    return share(k, n);
  };
}

/** What the customers a criterion alone keeps out say about it, against those inside. */
function criterionEffect(
  criterion: string,
  keptOut: Share | null,
  inIcp: Share | null,
): Contribution {
  if (!keptOut || !inIcp)
    return {
      criterion,
      effect: 'no effect',
      evidence: 'it keeps out no customer that the other criteria let in',
    };
  const effect: Effect =
    keptOut.hi < inIcp.lo
      ? 'helps'
      : keptOut.lo > inIcp.hi || (keptOut.rate >= inIcp.rate && keptOut.k > 0)
        ? 'excludes good customers'
        : 'no clear effect';
  return {
    criterion,
    effect,
    evidence: `the ${keptOut.n.toLocaleString('en-US')} customers it alone keeps out are ${percent(keptOut.rate)} ideal (${percent(keptOut.lo)}-${percent(keptOut.hi)}) against ${ci(inIcp)} inside`,
  };
}

/** Each value of an `in` list against the rest of the ICP's matches. */
function valueEffects(
  c: { attribute: string; values: readonly string[] },
  criterion: string,
  match: Uint8Array,
  rows: VerifyRows,
  rate: Rate,
): Contribution[] {
  const out: Contribution[] = [];
  for (const v of c.values) {
    const key = categoryKey(v);
    const isV = (i: number) => categoryKey(String(lookupAt(rows, i)(c.attribute) ?? '')) === key;
    const pv = rate((i) => match[i] === 1 && isV(i), 'positive');
    const pr = rate((i) => match[i] === 1 && !isV(i), 'positive');
    const bv = rate((i) => match[i] === 1 && isV(i), 'bad');
    const br = rate((i) => match[i] === 1 && !isV(i), 'bad');
    if (!pv || !pr) continue;
    const hurts = pv.hi < pr.lo || (bv && br ? bv.lo > br.hi : false);
    const helps = pv.lo > pr.hi;
    out.push({
      criterion,
      value: v,
      effect: hurts ? 'hurts' : helps ? 'helps' : 'no clear effect',
      evidence: `${c.attribute} = ${v}: ${ci(pv)} ideal against ${percent(pr.rate)} (${percent(pr.lo)}-${percent(pr.hi)}) for the rest of the ICP${bv && br ? `; ${percent(bv.rate)} of its customers churned or cost more than they paid, against ${percent(br.rate)}` : ''}`,
    });
  }
  return out;
}

/**
 * What each criterion does. The accounts a criterion alone keeps out (they pass every other
 * criterion) are compared with the ICP's matches: if they are clearly less often ideal, the
 * criterion helps; if they are as good, it excludes good customers. Each value of an `in` list
 * is compared with the rest of the matches: a value whose accounts are clearly less often ideal,
 * or clearly more often bad, hurts. "Clearly" means the 95% intervals do not overlap.
 */
export function contributions(
  conditions: readonly Condition[],
  holds: readonly Uint8Array[],
  match: Uint8Array,
  rows: VerifyRows,
): Contribution[] {
  const rate = rateOver(rows);
  const inIcp = rate((i) => match[i] === 1, 'positive');
  return conditions.flatMap((c, j) => {
    const criterion = describeCondition(c);
    const keptOut = rate(
      (i) => holds[j]?.[i] === 0 && holds.every((h, m) => m === j || h[i] === 1),
      'positive',
    );
    const own = criterionEffect(criterion, keptOut, inIcp);
    if (c.op !== 'in' || c.values.length < 2) return [own];
    return [own, ...valueEffects(c, criterion, match, rows, rate)];
  });
}
