import type { IcpConfig } from '../../core/config/schema.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { NEAR_MISS_POINTS } from '../../core/icp/score-record.js';
import { clusterRate } from '../../core/stats/cluster-rate.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import { type Database, num, str, type Row } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { computeCustomerValue } from '../value/customer-value.js';
import { type TierSource, tierAccounts } from './cross-fitted-tiers.js';
import { type MarketFit, marketFit } from './market.js';
import { misalignmentSignals, type Signal } from './signals.js';

/** unknown: too little of the scorecard's weight known to tier the account (a row of its own). */
export type TierKey = 'A' | 'B' | 'C' | 'D' | 'unknown' | 'disqualified';
const TIERS: readonly TierKey[] = ['A', 'B', 'C', 'D', 'unknown', 'disqualified'];

/**
 * A rate with its sample size and 95% interval; null when nothing was counted. Win rates count
 * deals but take accounts as the independent units (`clusters`); churn rates use Wilson.
 */
export interface Rate {
  readonly rate: number;
  readonly n: number;
  readonly lo: number;
  readonly hi: number;
  readonly clusters?: number;
}

export interface TierRow {
  readonly tier: TierKey;
  readonly accounts: number;
  readonly customers: number;
  readonly openPipeline: number | null;
  readonly winRate: Rate | null;
  readonly medianCycleDays: number | null;
  readonly averageDealSize: number | null;
  readonly churnRate: Rate | null;
  readonly netRevenueRetention: number | null;
  readonly costToServePerMonth: number | null;
  readonly netValuePerMonth: number | null;
  readonly nps: number | null;
}

export interface BadFitCustomer {
  readonly accountId: string;
  readonly tier: TierKey;
  readonly revenue: number;
  readonly costToServe: number;
  readonly netValue: number;
  readonly churned: boolean | null;
  readonly why: string;
  readonly reasons: string;
}

export interface AuditResult {
  readonly icp: string;
  readonly asOf: string;
  /** Where the tiers come from: cross-fitted for the accounts the ICP learned from, or as is. */
  readonly tierSource: TierSource;
  readonly tiers: readonly TierRow[];
  /** Share of each total by tier; null when the data hold none of it (no invoices, no tickets...). */
  readonly shares: Readonly<
    Record<
      'revenue' | 'bookings12m' | 'openPipeline' | 'supportCost',
      Readonly<Record<TierKey, number>> | null
    >
  >;
  /** Bookings (last 12 months) and open pipeline outside tiers A and B, in money and share. */
  readonly leakage: {
    readonly bookings12m: number;
    readonly bookingsShare: number;
    readonly openPipeline: number;
    readonly pipelineShare: number;
  };
  readonly badFit: {
    /** Who counts as a bad fit here, given what the data can measure. */
    readonly criterion: string;
    readonly count: number;
    readonly supportCost: number;
    readonly netValue: number;
    readonly top: readonly BadFitCustomer[];
  };
  /** The cost of poor fit, each part with its formula. */
  readonly costOfPoorFit: readonly {
    readonly part: string;
    readonly formula: string;
    /** null when the data cannot measure it; `formula` then says why. */
    readonly amount: number | null;
  }[];
  /**
   * Near misses outside the ICP: accounts in tier C a few points short of tier B, or held back
   * from A-B by one hard rule only, and how their customers fare; null without a scorecard.
   */
  readonly nearMiss: {
    readonly accounts: number;
    readonly customers: number;
    readonly churnRate: Rate | null;
    readonly netValuePerMonth: number | null;
  } | null;
  /**
   * Groups inside tiers A-B (one value of a categorical scorecard attribute, 20 customers or
   * more) whose customers churn or cost more than they pay clearly more often than the rest of
   * A-B: sub-segments the ICP hides. Worst first.
   */
  readonly hiddenSubSegments: readonly {
    readonly attribute: string;
    readonly value: string;
    readonly bad: Rate;
    readonly restBad: Rate;
  }[];
  /** How a market file given with --market falls into the tiers; null without one. */
  readonly market: MarketFit | null;
  /** The misalignment signals, each seen with its evidence or not seen. */
  readonly signals: readonly Signal[];
}

/**
 * Audits the business against an ICP: every account scored in DuckDB, then per tier the
 * accounts, customers, pipeline, win rate, cycle, deal size, churn, NRR, cost to serve, net value
 * and NPS; where revenue, bookings, pipeline and support cost sit; the bad-fit customers; and
 * what poor fit costs.
 */
export async function auditIcp(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  options: { market?: string } = {},
): Promise<AuditResult> {
  const { db, tables } = dataset;
  // First: it computes value and target with the ICP's own settings, which the audit's replace.
  const tierSource = await tierAccounts(dataset, icp);
  const value = await computeCustomerValue(dataset, config.value);
  await db.run(`CREATE OR REPLACE TEMP TABLE _audit AS
    SELECT t.*, v.* EXCLUDE (account_id) FROM _icp_tiers t JOIN account_value v USING (account_id)`);
  const asOf = value.asOf;
  const hasDeals = tables.has('deals');
  const dealStats = hasDeals
    ? `, d AS (SELECT a.tier,
          count(*) FILTER (WHERE stage = 'won') AS won, count(*) FILTER (WHERE stage IN ('won', 'lost')) AS closed,
          ${exactSum('amount', `stage = 'open'`)} AS open_pipeline,
          median(date_diff('day', created_at, closed_at)) FILTER (WHERE stage = 'won') AS cycle,
          ${exactSum('amount', `stage = 'won'`)} / nullif(count(amount) FILTER (WHERE stage = 'won'), 0) AS deal_size,
          ${exactSum('amount', `stage = 'won' AND closed_at > DATE '${asOf}' - INTERVAL 12 MONTH`)} AS bookings
        FROM deals JOIN _audit a USING (account_id) GROUP BY 1)`
    : ', d AS (SELECT NULL::VARCHAR AS tier, 0 AS won, 0 AS closed, NULL::DOUBLE AS open_pipeline, NULL::DOUBLE AS cycle, NULL::DOUBLE AS deal_size, NULL::DOUBLE AS bookings WHERE false)';
  const npsStats = tables.has('feedback')
    ? ', f AS (SELECT a.tier, 100.0 * (avg((score >= 9)::INT) - avg((score <= 6)::INT)) AS nps FROM feedback JOIN _audit a USING (account_id) GROUP BY 1)'
    : ', f AS (SELECT NULL::VARCHAR AS tier, NULL::DOUBLE AS nps WHERE false)';
  const rows = await db.all(`WITH t AS (SELECT tier, count(*) AS accounts,
        count(*) FILTER (WHERE is_customer) AS customers,
        count(*) FILTER (WHERE is_customer AND churned) AS churned,
        count(*) FILTER (WHERE is_customer AND churned IS NOT NULL) AS churn_n,
        ${exactSum('arr_current', `arr_12m_ago > 0`)} / nullif(${exactSum('arr_12m_ago', 'arr_12m_ago > 0')}, 0) AS nrr,
        ${exactSum('cost_to_serve', `is_customer`)} / nullif(${exactSum('tenure_months', `is_customer`)}, 0) AS cost_month,
        ${exactSum('net_value', `is_customer`)} / nullif(${exactSum('tenure_months', `is_customer`)}, 0) AS value_month,
        ${exactSum('revenue_total')} AS revenue, ${exactSum('cost_to_serve')} AS support
      FROM _audit GROUP BY 1)${dealStats}${npsStats}
    SELECT t.*, d.won, d.closed, d.open_pipeline, d.cycle, d.deal_size, d.bookings, f.nps FROM t LEFT JOIN d USING (tier) LEFT JOIN f USING (tier)`);
  const byTier = new Map(rows.map((r) => [str(r.tier) as TierKey, r]));
  const perAccount = hasDeals
    ? await db.all(
        `SELECT a.tier, account_id, count(*) FILTER (WHERE stage = 'won') AS won, count(*) FILTER (WHERE stage IN ('won', 'lost')) AS closed
         FROM deals JOIN _audit a USING (account_id) GROUP BY 1, 2 ORDER BY 1, 2`,
      )
    : [];
  const winRate = (tier: TierKey): Rate | null =>
    clusterRate(
      perAccount
        .filter((r) => r.tier === tier)
        .map((r) => ({ positives: num(r.won), n: num(r.closed) })),
    );
  const metric = (id: string) => value.metrics.find((m) => m.id === id)?.available === true;
  const optional = (r: Row | undefined, key: string, available: boolean) =>
    available && r && r[key] !== null && r[key] !== undefined ? num(r[key]) : null;
  const rate = (k: number, n: number): Rate | null =>
    n > 0 ? { rate: k / n, n, ...wilsonInterval(k, n) } : null;
  const tiers: TierRow[] = TIERS.map((tier) => {
    const r = byTier.get(tier);
    return {
      tier,
      accounts: num(r?.accounts ?? 0),
      customers: num(r?.customers ?? 0),
      openPipeline: hasDeals ? num(r?.open_pipeline ?? 0) || 0 : null,
      winRate: hasDeals ? winRate(tier) : null,
      medianCycleDays: optional(r, 'cycle', metric('median_cycle_days')),
      averageDealSize: optional(r, 'deal_size', metric('avg_deal_size')),
      churnRate: metric('churned') ? rate(num(r?.churned ?? 0), num(r?.churn_n ?? 0)) : null,
      netRevenueRetention: optional(r, 'nrr', metric('nrr')),
      costToServePerMonth: optional(
        r,
        'cost_month',
        metric('cost_to_serve') && metric('tenure_months'),
      ),
      netValuePerMonth: optional(r, 'value_month', metric('net_value_per_month')),
      nps: optional(r, 'nps', metric('nps_avg')),
    };
  });
  const share = (key: string) => {
    const total = rows.reduce((s, r) => s + (num(r[key]) || 0), 0);
    if (!(total > 0)) return null;
    return Object.fromEntries(
      TIERS.map((t) => [t, (num(byTier.get(t)?.[key]) || 0) / total]),
    ) as Record<TierKey, number>;
  };
  const shares = {
    revenue: share('revenue'),
    bookings12m: share('bookings'),
    openPipeline: share('open_pipeline'),
    supportCost: share('support'),
  };
  const outside = (key: string) =>
    // Everything not in A-B, accounts too little known to tier included.
    ['C', 'D', 'unknown', 'disqualified'].reduce(
      (s, t) => s + (num(byTier.get(t as TierKey)?.[key]) || 0),
      0,
    );
  const total = (key: string) => rows.reduce((s, r) => s + (num(r[key]) || 0), 0);
  const leakage = {
    bookings12m: outside('bookings'),
    bookingsShare: total('bookings') > 0 ? outside('bookings') / total('bookings') : 0,
    openPipeline: outside('open_pipeline'),
    pipelineShare:
      total('open_pipeline') > 0 ? outside('open_pipeline') / total('open_pipeline') : 0,
  };

  // Cost against revenue needs both measured; tier D means nothing when the tiers are exploratory.
  const costKnown = metric('net_value');
  const tierKnown = tierSource.method !== 'exploratory';
  const badParts = [
    ...(costKnown ? ['cost_to_serve > revenue_total'] : []),
    ...(tierKnown ? [`tier IN ('D', 'disqualified')`] : []),
  ];
  const criterion =
    [
      ...(costKnown ? ['cost to serve above revenue'] : []),
      ...(tierKnown ? ['tier D or disqualified'] : []),
    ].join(', or ') || 'not measurable: no revenue and cost to serve, and no real tiers';
  const badWhere = `is_customer AND (${badParts.length > 0 ? badParts.join(' OR ') : 'false'})`;
  const bad = await db.one(
    `SELECT count(*) AS n, ${exactSum('cost_to_serve')} AS cost, ${exactSum('net_value')} AS value FROM _audit WHERE ${badWhere}`,
  );
  const top = await db.all(
    `SELECT account_id, tier, revenue_total, cost_to_serve, net_value, churned, icp_reasons FROM _audit WHERE ${badWhere} ORDER BY net_value, account_id LIMIT 25`,
  );
  const lost = await db.one(
    `SELECT ${exactSum('arr_last')} AS lost, count(*) AS n FROM _audit WHERE churned AND tier IN ('C', 'D', 'disqualified')`,
  );
  const salesTime =
    hasDeals && tables.get('deals')!.columns.created_at && tables.get('deals')!.columns.closed_at
      ? await db.one(
          `SELECT count(*) AS n, sum(date_diff('day', created_at, closed_at)) AS days FROM deals JOIN _audit a USING (account_id) WHERE a.tier IN ('C', 'D', 'disqualified') AND stage IN ('won', 'lost')`,
        )
      : undefined;
  const costOfPoorFit = [
    {
      part: 'support cost of bad-fit customers',
      formula:
        'sum of cost to serve over customers whose cost to serve exceeds their revenue or who sit in tier D',
      amount: costKnown ? num(bad?.cost) || 0 : null,
    },
    {
      part: 'revenue lost to churn outside the ICP',
      formula:
        'sum over churned customers in tiers C, D and disqualified of 12 x their last monthly revenue',
      amount: metric('churned') && metric('arr_current') ? num(lost?.lost) || 0 : null,
    },
    ...(salesTime
      ? [
          {
            part: 'sales days spent on deals outside the ICP',
            formula:
              'sum of (close date - created date) in days over closed deals of tiers C, D and disqualified',
            amount: num(salesTime.days) || 0,
          },
        ]
      : []),
  ];
  for (const [i, why] of [
    [0, costKnown ? null : 'no revenue or no tickets'],
    [1, metric('churned') && metric('arr_current') ? null : 'no revenue or churn data'],
  ] as const) {
    const part = costOfPoorFit[i];
    if (part && why) costOfPoorFit[i] = { ...part, formula: `not measurable here: ${why}` };
  }
  const nearRow = icp.scorecard
    ? await db.one(`SELECT count(*) AS accounts, count(*) FILTER (WHERE is_customer) AS customers,
        count(*) FILTER (WHERE is_customer AND churned) AS churned, count(*) FILTER (WHERE is_customer AND churned IS NOT NULL) AS churn_n,
        ${exactSum('net_value', 'is_customer')} / nullif(${exactSum('tenure_months', 'is_customer')}, 0) AS value_month
      FROM _audit WHERE icp_near_miss AND ((tier = 'C' AND icp_score >= ${(icp.tiers?.B ?? 0) - NEAR_MISS_POINTS})
        OR (tier = 'disqualified' AND icp_score >= ${icp.tiers?.B ?? 0}))`)
    : undefined;
  const nearMiss = nearRow
    ? {
        accounts: num(nearRow.accounts),
        customers: num(nearRow.customers),
        churnRate: metric('churned') ? rate(num(nearRow.churned), num(nearRow.churn_n)) : null,
        netValuePerMonth: optional(nearRow, 'value_month', metric('net_value_per_month')),
      }
    : null;
  const hiddenSubSegments = metric('churned') ? await subSegments(db, icp) : [];
  const result = {
    icp: icp.id,
    asOf,
    tierSource,
    tiers,
    shares,
    leakage,
    badFit: {
      criterion,
      count: num(bad?.n) || 0,
      supportCost: num(bad?.cost) || 0,
      netValue: num(bad?.value) || 0,
      top: top.map((r) => {
        const revenue = num(r.revenue_total) || 0;
        const cost = num(r.cost_to_serve) || 0;
        return {
          accountId: str(r.account_id) ?? '',
          tier: str(r.tier) as TierKey,
          revenue,
          costToServe: cost,
          netValue: num(r.net_value) || 0,
          churned: r.churned === null ? null : Boolean(r.churned),
          why: cost > revenue ? 'costs more to serve than it pays' : `tier ${str(r.tier)}`,
          reasons: str(r.icp_reasons) ?? '',
        };
      }),
    },
    costOfPoorFit,
    nearMiss,
    hiddenSubSegments,
  };
  const market = options.market && icp.scorecard ? await marketFit(db, icp, options.market) : null;
  const withMarket = { ...result, market };
  return { ...withMarket, signals: misalignmentSignals(withMarket) };
}

/** Sub-segments of tiers A-B that fare clearly worse than the rest of A-B (see `hiddenSubSegments`). */
async function subSegments(
  db: Database,
  icp: IcpDefinition,
): Promise<AuditResult['hiddenSubSegments']> {
  const out: AuditResult['hiddenSubSegments'][number][] = [];
  const attrs = (icp.scorecard?.attributes ?? []).filter((a) => a.kind === 'categorical');
  const columns = new Set(await db.columns('_account_attributes'));
  for (const a of attrs) {
    if (!columns.has(a.name)) continue;
    const rows = await db.all(`WITH c AS (
        SELECT lower(trim(CAST(x.${quoteIdent(a.name)} AS VARCHAR))) AS v,
          (coalesce(churned, false) OR coalesce(cost_share, 0) > 1 OR coalesce(net_value, 0) < 0)::INT AS bad
        FROM _audit u JOIN _account_attributes x USING (account_id)
        WHERE u.tier IN ('A', 'B') AND u.is_customer)
      SELECT v, count(*) AS n, sum(bad) AS k, (SELECT count(*) FROM c) AS total, (SELECT sum(bad) FROM c) AS total_k
      FROM c WHERE v IS NOT NULL AND v <> '' GROUP BY v HAVING count(*) >= 20 ORDER BY v`);
    for (const r of rows) {
      const n = num(r.n);
      const k = num(r.k);
      const restN = num(r.total) - n;
      const restK = num(r.total_k) - k;
      if (restN <= 0) continue;
      const bad = { rate: k / n, n, ...wilsonInterval(k, n) };
      const restBad = { rate: restK / restN, n: restN, ...wilsonInterval(restK, restN) };
      if (bad.lo > restBad.hi) out.push({ attribute: a.name, value: str(r.v) ?? '', bad, restBad });
    }
  }
  return out.sort((x, y) => y.bad.rate - y.restBad.rate - (x.bad.rate - x.restBad.rate));
}
