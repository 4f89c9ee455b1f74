import { closest, distance } from 'fastest-levenshtein';
import { categoryKey } from '../../core/binning/normalize-category.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { handIcpSchema, parseCriterion } from '../../core/icp/criteria.js';
import type { Condition } from '../../core/icp/definition.js';
import { conditionHolds, describeCondition } from '../../core/icp/score-record.js';
import { normalizeHeader } from '../../core/model/canonical.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import { loadConfig, readYaml } from '../../data/config/load-config.js';
import { describeReadError, readSmallFile } from '../../data/config/read-small-file.js';
import { readColumns } from '../../data/db/read-columns.js';
import { readIcp } from '../../data/icp/icp-file.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { type TierSource, tierAccounts } from '../analysis/cross-fitted-tiers.js';
import { type Candidate, prepareAttributes } from '../analysis/discovery-rows.js';
import { computeCustomerValue } from '../value/customer-value.js';
import { computeTarget } from '../value/target.js';

/** A proportion with its counts and 95% Wilson interval. */
export interface Share {
  readonly rate: number;
  readonly k: number;
  readonly n: number;
  readonly lo: number;
  readonly hi: number;
}

/** How a set of accounts (the ICP's matches, or the rest) performs. */
export interface GroupRow {
  readonly group: string;
  readonly accounts: number;
  /** Accounts counted by the target (customers, for the ideal target). */
  readonly eligible: number;
  /** Share of the eligible that are positive (ideal). */
  readonly positive: Share | null;
  /** Share of customers that churned or cost more than they paid. */
  readonly bad: Share | null;
  readonly netValuePerMonth: number | null;
  /** Share of all revenue. */
  readonly revenueShare: number | null;
}

/** How one ICP (hand-written or discovered) measures against the data. */
export interface Measure {
  readonly label: string;
  /** Share of all accounts that match. */
  readonly coverage: number;
  /** Share of the eligible (customers) that match. */
  readonly coverageEligible: number;
  /** Of the eligible that match, the share positive. */
  readonly precision: Share | null;
  /** Of the positives, the share that match. */
  readonly recall: Share | null;
  /** precision / base rate. */
  readonly lift: number | null;
  readonly groups: readonly GroupRow[];
}

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

export interface VerifyResult {
  readonly name: string;
  readonly criteria: readonly string[];
  readonly target: string;
  readonly baseRate: number;
  readonly mine: Measure;
  readonly contributions: readonly Contribution[];
  /** The discovered ICP's tiers A-B measured the same way, when one was given. */
  readonly discovered?: Measure & { readonly icp: string; readonly tierSource: TierSource };
}

/**
 * Measures a hand-written ICP against the data a config names: coverage, precision and recall
 * against the target (ideal customers by default), lift, how the matches perform against the
 * rest, what each criterion contributes, and the discovered ICP side by side when given.
 */
export async function verify(
  configPath: string,
  icpPath: string,
  options: { against?: string; today?: string } = {},
): Promise<VerifyResult> {
  const hand = await readHandIcp(icpPath);
  const discovered = options.against ? await readIcp(options.against) : undefined;
  const loaded = await loadConfig(configPath);
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  try {
    // The discovered ICP's tiers first: they compute value and target with its own settings.
    const tierSource = discovered ? await tierAccounts(dataset, discovered) : undefined;
    const value = await computeCustomerValue(dataset, loaded.config.value);
    const target = await computeTarget(dataset, value, loaded.config.target);
    const { candidates } = await prepareAttributes(dataset);
    const conditions = await resolveCriteria(dataset, candidates, hand.criteria, icpPath);
    const rows = await readRows(dataset, conditions, Boolean(discovered));
    const lookupAt = (i: number) => (name: string) =>
      rows.numbers[name] ? rows.numbers[name][i] : rows.texts[name]?.[i];
    const holds = conditions.map((c) =>
      Uint8Array.from({ length: rows.n }, (_, i) => (conditionHolds(c, lookupAt(i)) ? 1 : 0)),
    );
    const match = Uint8Array.from({ length: rows.n }, (_, i) =>
      holds.every((h) => h[i] === 1) ? 1 : 0,
    );
    const eligibleTotal = rows.eligible.reduce((s, v) => s + v, 0);
    const positivesTotal = rows.positive.reduce((s, v) => s + v, 0);
    const baseRate = eligibleTotal > 0 ? positivesTotal / eligibleTotal : 0;
    const mine = measure('your ICP', match, rows, baseRate);
    const result: VerifyResult = {
      name: hand.name ?? 'Your ICP',
      criteria: conditions.map(describeCondition),
      target: target.definition,
      baseRate,
      mine,
      contributions: contributions(conditions, holds, match, rows, lookupAt),
      ...(discovered && tierSource
        ? {
            discovered: {
              ...measure(
                `discovered ICP ${discovered.id}, tiers A-B`,
                Uint8Array.from(rows.tier, (t) => (t === 'A' || t === 'B' ? 1 : 0)),
                rows,
                baseRate,
              ),
              icp: discovered.id,
              tierSource,
            },
          }
        : {}),
    };
    return result;
  } finally {
    dataset.close();
  }
}

async function readHandIcp(path: string) {
  let text: string;
  try {
    text = await readSmallFile(path, 1024 * 1024);
  } catch (error) {
    throw new IcpError('USAGE', `${path}: cannot read it (${describeReadError(error)}).`);
  }
  const parsed = readYaml(text, path);
  const checked = handIcpSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new IcpError(
      'CONFIG',
      `${path}: ${issue?.path.join('.') || 'the file'}: ${issue?.message}. Write a list of criteria, e.g.\ncriteria:\n  - industry in [SaaS, Fintech]\n  - employees between 200 and 2000`,
    );
  }
  return checked.data;
}

/**
 * Parses each criterion and checks it against the data: the attribute must exist (else the
 * closest name is offered), category values must occur (else the closest value is offered),
 * and numeric comparisons need a numeric attribute.
 */
async function resolveCriteria(
  dataset: Dataset,
  candidates: readonly Candidate[],
  criteria: readonly string[],
  file: string,
): Promise<Condition[]> {
  const names = candidates.map((c) => c.name);
  const out: Condition[] = [];
  for (const [i, text] of criteria.entries()) {
    const where = `${file}: criteria[${i}] "${text}"`;
    let c: Condition;
    try {
      c = parseCriterion(text);
    } catch (error) {
      throw new IcpError('CONFIG', `${file}: criteria[${i}] ${(error as Error).message}`);
    }
    const attr = candidates.find((x) => normalizeHeader(x.name) === normalizeHeader(c.attribute));
    if (!attr) {
      throw new IcpError(
        'CONFIG',
        `${where}: no attribute "${c.attribute}" in the data. Did you mean "${closest(c.attribute, names)}"? Attributes: ${names.join(', ')}.`,
      );
    }
    c = { ...c, attribute: attr.name };
    if (attr.kind === 'numeric' && (c.op === 'in' || c.op === 'not_in')) {
      const values = c.values.map(Number);
      if (values.length === 1 && Number.isFinite(values[0])) {
        const v = values[0] as number;
        c =
          c.op === 'in'
            ? { attribute: attr.name, op: 'between', min: v, max: v }
            : { attribute: attr.name, op: 'not_in', values: c.values };
        if (c.op === 'between') {
          out.push(c);
          continue;
        }
      }
      throw new IcpError(
        'CONFIG',
        `${where}: ${attr.name} is a number; compare it with between, >=, >, <= or <.`,
      );
    }
    if (
      attr.kind === 'categorical' &&
      c.op !== 'in' &&
      c.op !== 'not_in' &&
      c.op !== 'missing' &&
      c.op !== 'present'
    ) {
      throw new IcpError(
        'CONFIG',
        `${where}: ${attr.name} is a category, not a number; write "${attr.name} in [a, b]".`,
      );
    }
    if (c.op === 'in' || c.op === 'not_in') {
      const seen = await distinctLabels(dataset, attr.name);
      const keys = new Map(seen.map((s) => [categoryKey(s), s]));
      for (const v of c.values) {
        if (keys.has(categoryKey(v))) continue;
        throw new IcpError(
          'CONFIG',
          `${where}: ${attr.name} is never "${v}" in the data. Did you mean "${closestLabel(v, seen)}"? Values: ${seen.slice(0, 20).join(', ')}${seen.length > 20 ? `, and ${seen.length - 20} more` : ''}.`,
        );
      }
    }
    out.push(c);
  }
  return out;
}

async function distinctLabels(dataset: Dataset, column: string): Promise<string[]> {
  const rows = await dataset.db.all(
    `SELECT CAST(${quoteIdent(column)} AS VARCHAR) AS v, count(*) AS n FROM _account_attributes WHERE ${quoteIdent(column)} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v`,
  );
  const byKey = new Map<string, string>();
  for (const r of rows) {
    const v = String(r.v);
    const k = categoryKey(v);
    if (k !== null && !byKey.has(k)) byKey.set(k, v);
  }
  return [...byKey.values()];
}

function closestLabel(v: string, seen: readonly string[]): string {
  const key = categoryKey(v) ?? v.toLowerCase();
  let best = seen[0] ?? '';
  let bestD = Number.POSITIVE_INFINITY;
  for (const s of seen) {
    const d = distance(key, categoryKey(s) ?? s.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}

interface Rows {
  readonly n: number;
  readonly numbers: Readonly<Record<string, Float64Array>>;
  readonly texts: Readonly<Record<string, readonly (string | null)[]>>;
  readonly eligible: Uint8Array;
  readonly positive: Uint8Array;
  readonly bad: Uint8Array;
  readonly customer: Uint8Array;
  readonly revenue: Float64Array;
  readonly netValue: Float64Array;
  readonly tenure: Float64Array;
  readonly tier: readonly (string | null)[];
}

/** One row per account: the attributes the criteria use, the target, value and (optionally) tier. */
async function readRows(
  dataset: Dataset,
  conditions: readonly Condition[],
  withTiers: boolean,
): Promise<Rows> {
  const attrs = [...new Set(conditions.map((c) => c.attribute))];
  const spec: Record<string, 'number' | 'text'> = {
    _eligible: 'number',
    _positive: 'number',
    _bad: 'number',
    _customer: 'number',
    _revenue: 'number',
    _net: 'number',
    _tenure: 'number',
    _tier: 'text',
  };
  const numeric = new Set<string>();
  for (const c of conditions)
    if (c.op === 'between' || c.op === '<' || c.op === '<=' || c.op === '>' || c.op === '>=')
      numeric.add(c.attribute);
  for (const a of attrs) spec[a] = numeric.has(a) ? 'number' : 'text';
  const data = await readColumns(
    dataset.db,
    `SELECT x.*, coalesce(t.eligible, false)::INT AS _eligible, coalesce(t.positive, false)::INT AS _positive,
       (v.is_customer AND (coalesce(v.churned, false) OR coalesce(v.cost_share, 0) > 1 OR coalesce(v.net_value, 0) < 0))::INT AS _bad,
       v.is_customer::INT AS _customer, v.revenue_total AS _revenue, v.net_value AS _net, v.tenure_months AS _tenure,
       ${withTiers ? 'k.tier' : 'NULL::VARCHAR'} AS _tier
     FROM _account_attributes x LEFT JOIN account_target t USING (account_id) LEFT JOIN account_value v USING (account_id)
     ${withTiers ? 'LEFT JOIN _icp_tiers k USING (account_id)' : ''} ORDER BY x.account_id`,
    spec,
  );
  const flag = (name: string) =>
    Uint8Array.from(data.numbers[name] ?? [], (v) => (v === 1 ? 1 : 0));
  return {
    n: data.rows,
    numbers: data.numbers,
    texts: data.texts,
    eligible: flag('_eligible'),
    positive: flag('_positive'),
    bad: flag('_bad'),
    customer: flag('_customer'),
    revenue: data.numbers._revenue as Float64Array,
    netValue: data.numbers._net as Float64Array,
    tenure: data.numbers._tenure as Float64Array,
    tier: data.texts._tier ?? [],
  };
}

function share(k: number, n: number): Share | null {
  return n > 0 ? { rate: k / n, k, n, ...wilsonInterval(k, n) } : null;
}

function measure(label: string, match: Uint8Array, rows: Rows, baseRate: number): Measure {
  const group = (name: string, want: number): GroupRow => {
    let accounts = 0;
    let eligible = 0;
    let positive = 0;
    let customers = 0;
    let bad = 0;
    let net = 0;
    let tenure = 0;
    let revenue = 0;
    let revenueAll = 0;
    let netKnown = false;
    for (let i = 0; i < rows.n; i++) {
      const r = rows.revenue[i] as number;
      if (!Number.isNaN(r)) revenueAll += r;
      if (match[i] !== want) continue;
      accounts++;
      eligible += rows.eligible[i] as number;
      positive += (rows.eligible[i] as number) & (rows.positive[i] as number);
      if (rows.customer[i] === 1) {
        customers++;
        bad += rows.bad[i] as number;
        const v = rows.netValue[i] as number;
        const t = rows.tenure[i] as number;
        if (!Number.isNaN(v) && !Number.isNaN(t)) {
          net += v;
          tenure += t;
          netKnown = true;
        }
      }
      if (!Number.isNaN(r)) revenue += r;
    }
    return {
      group: name,
      accounts,
      eligible,
      positive: share(positive, eligible),
      bad: share(bad, customers),
      netValuePerMonth: netKnown && tenure > 0 ? net / tenure : null,
      revenueShare: revenueAll > 0 ? revenue / revenueAll : null,
    };
  };
  const inside = group('matches', 1);
  const outside = group('the rest', 0);
  const positives = (inside.positive?.k ?? 0) + (outside.positive?.k ?? 0);
  const eligible = inside.eligible + outside.eligible;
  return {
    label,
    coverage: rows.n > 0 ? inside.accounts / rows.n : 0,
    coverageEligible: eligible > 0 ? inside.eligible / eligible : 0,
    precision: inside.positive,
    recall: share(inside.positive?.k ?? 0, positives),
    lift: inside.positive && baseRate > 0 ? inside.positive.rate / baseRate : null,
    groups: [inside, outside],
  };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const ci = (s: Share) =>
  `${pct(s.rate)} (${pct(s.lo)}-${pct(s.hi)}, n=${s.n.toLocaleString('en-US')})`;

/**
 * What each criterion does. The accounts a criterion alone keeps out (they pass every other
 * criterion) are compared with the ICP's matches: if they are clearly less often ideal, the
 * criterion helps; if they are as good, it excludes good customers. Each value of an `in` list
 * is compared with the rest of the matches: a value whose accounts are clearly less often ideal,
 * or clearly more often bad, hurts. "Clearly" means the 95% intervals do not overlap.
 */
function contributions(
  conditions: readonly Condition[],
  holds: readonly Uint8Array[],
  match: Uint8Array,
  rows: Rows,
  lookupAt: (i: number) => (name: string) => unknown,
): Contribution[] {
  const out: Contribution[] = [];
  const rate = (pick: (i: number) => boolean, outcome: 'positive' | 'bad') => {
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
  const inIcp = rate((i) => match[i] === 1, 'positive');
  conditions.forEach((c, j) => {
    const criterion = describeCondition(c);
    const keptOut = rate(
      (i) => holds[j]?.[i] === 0 && holds.every((h, m) => m === j || h[i] === 1),
      'positive',
    );
    if (!keptOut || !inIcp) {
      out.push({
        criterion,
        effect: 'no effect',
        evidence: 'it keeps out no customer that the other criteria let in',
      });
    } else {
      const effect: Effect =
        keptOut.hi < inIcp.lo
          ? 'helps'
          : keptOut.lo > inIcp.hi || (keptOut.rate >= inIcp.rate && keptOut.k > 0)
            ? 'excludes good customers'
            : 'no clear effect';
      out.push({
        criterion,
        effect,
        evidence: `the ${keptOut.n.toLocaleString('en-US')} customers it alone keeps out are ${pct(keptOut.rate)} ideal (${pct(keptOut.lo)}-${pct(keptOut.hi)}) against ${ci(inIcp)} inside`,
      });
    }
    if (c.op !== 'in' || c.values.length < 2) return;
    for (const v of c.values) {
      const key = categoryKey(v);
      const isV = (i: number) => categoryKey(String(lookupAt(i)(c.attribute) ?? '')) === key;
      const withV = (i: number) => match[i] === 1 && isV(i);
      const rest = (i: number) => match[i] === 1 && !isV(i);
      const pv = rate(withV, 'positive');
      const pr = rate(rest, 'positive');
      const bv = rate(withV, 'bad');
      const br = rate(rest, 'bad');
      if (!pv || !pr) continue;
      const hurts = pv.hi < pr.lo || (bv && br ? bv.lo > br.hi : false);
      const helps = pv.lo > pr.hi;
      out.push({
        criterion,
        value: v,
        effect: hurts ? 'hurts' : helps ? 'helps' : 'no clear effect',
        evidence: `${c.attribute} = ${v}: ${ci(pv)} ideal against ${pct(pr.rate)} (${pct(pr.lo)}-${pct(pr.hi)}) for the rest of the ICP${bv && br ? `; ${pct(bv.rate)} of its customers churned or cost more than they paid, against ${pct(br.rate)}` : ''}`,
      });
    }
  });
  return out;
}
