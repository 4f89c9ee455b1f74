import { mentionRatio } from '../../core/text/theme-stats.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import type { JourneyResult, VocTier } from '../../core/text/voc-result.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num, str } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import type { TableRef } from '../analysis/table-ref.js';

const tierOf = (v: unknown) => str(v as string) as VocTier;

/**
 * How each tier buys and starts (docs/voc.md): deals by lead source with win rates (accounts as
 * units), the funnel (stage history when there is one, else created / closed / won), median
 * days in each stage, touchpoints per closed deal by type (activities), the sales cycle, revenue
 * in the 12th month against the first, and days from the first revenue to the first usage.
 * Every part the data cannot give is named in `missing`. `tiers` is the audit's table of
 * accounts (tier and value per account).
 */
export async function journeyByTier(
  dataset: Dataset,
  tiers: TableRef,
  asOf: string,
): Promise<JourneyResult> {
  const { db, tables } = dataset;
  const missing: string[] = [];
  const deals = tables.get('deals');
  const dated = deals?.columns.created_at !== undefined && deals?.columns.closed_at !== undefined;
  if (!deals) missing.push('no deals: lead sources, funnel and sales cycle unknown');
  else if (!deals.columns.source) missing.push('deals without source: lead sources unknown');
  if (deals && !dated) missing.push('deals without created and closed dates: sales cycle unknown');
  const history = tables.has('deal_stages') && deals !== undefined;
  // Without deals there is no funnel at all: the line above already says so.
  if (deals && !tables.has('deal_stages'))
    missing.push(
      'no deal stage history (deal_stages): stage-to-stage conversion and time in stage unknown; the funnel shows created, closed and won',
    );
  const activities = tables.get('activities');
  if (!activities) missing.push('no activities: touchpoints unknown');
  else if (!activities.columns.deal_id)
    missing.push('activities without deal_id: touchpoints per deal unknown');
  const revenue = tables.has('invoices') || tables.has('subscriptions');
  if (!revenue)
    missing.push(
      'no invoices or subscriptions: first-year expansion and time to first value unknown',
    );
  else if (!tables.has('usage')) missing.push('no usage: time to first value unknown');
  return {
    sources: deals?.columns.source ? await leadSources(db, tiers) : [],
    funnel: !deals
      ? null
      : history
        ? await historyFunnel(db, tiers)
        : await outcomeFunnel(db, tiers),
    timeInStage: history ? await timeInStage(db, tiers) : [],
    touchpoints: activities?.columns.deal_id && deals ? await touchpoints(db, tiers) : [],
    cycle: deals && dated ? await cycle(db, tiers) : [],
    expansion: revenue ? await expansion(db, tiers, asOf, tables.has('invoices')) : [],
    timeToValue: revenue && tables.has('usage') ? await timeToValue(db, tiers) : [],
    missing,
  };
}

async function leadSources(db: Database, tiers: TableRef): Promise<JourneyResult['sources']> {
  const rows =
    await db.all(`WITH per AS (SELECT a.tier, coalesce(d.source, '(none)') AS source, d.account_id,
        count(*) AS deals, count(*) FILTER (WHERE d.stage = 'won') AS k, count(*) FILTER (WHERE d.stage IN ('won', 'lost')) AS n
      FROM deals d JOIN ${tiers} a USING (account_id) WHERE a.tier IS NOT NULL GROUP BY 1, 2, 3)
    SELECT tier, source, sum(deals) AS deals, sum(sum(deals)) OVER (PARTITION BY tier) AS tier_deals,
      sum(k) AS o, sum(n) AS e, sum(k * k) AS oo, sum(k * n) AS oe, sum(n * n) AS ee, count(*) FILTER (WHERE n > 0) AS clusters
    FROM per GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`);
  return rows.map((r) => {
    // The win rate is won over closed deals, each account one cluster: the ratio estimator.
    const w = mentionRatio({
      accounts: 0,
      raising: 0,
      clusters: num(r.clusters),
      o: num(r.o),
      e: num(r.e),
      oo: num(r.oo),
      oe: num(r.oe),
      ee: num(r.ee),
    });
    return {
      tier: tierOf(r.tier),
      source: str(r.source) ?? '',
      deals: num(r.deals),
      share: num(r.deals) / num(r.tier_deals),
      winRate: w
        ? { rate: w.ratio, n: num(r.e), lo: Math.max(0, w.lo), hi: Math.min(1, w.hi) }
        : null,
    };
  });
}

async function outcomeFunnel(db: Database, tiers: TableRef): Promise<JourneyResult['funnel']> {
  const rows =
    await db.all(`SELECT a.tier, count(*) AS created, count(*) FILTER (WHERE stage IN ('won', 'lost')) AS closed,
      count(*) FILTER (WHERE stage = 'won') AS won
    FROM deals d JOIN ${tiers} a USING (account_id) WHERE a.tier IS NOT NULL GROUP BY 1 ORDER BY 1`);
  const steps = ['created', 'closed', 'won'];
  return {
    from: 'deal outcomes',
    steps,
    rows: rows.flatMap((r) =>
      steps.map((step) => ({
        tier: tierOf(r.tier),
        step,
        deals: num(r[step]),
        share: num(r[step]) / num(r.created),
      })),
    ),
  };
}

/** Stages in the order deals enter them (median position), then won. */
async function historyFunnel(db: Database, tiers: TableRef): Promise<JourneyResult['funnel']> {
  // Stages named like a won or lost deal ("Closed Won") end the funnel as "won", not a step.
  const order = await db.all(`SELECT stage FROM (
      SELECT stage, row_number() OVER (PARTITION BY deal_id ORDER BY entered_at, stage) AS pos FROM deal_stages)
    WHERE stage NOT IN (SELECT DISTINCT stage_label FROM deals WHERE stage IN ('won', 'lost') AND stage_label IS NOT NULL)
    GROUP BY 1 ORDER BY median(pos), count(*) DESC, 1`);
  const steps = [...order.map((r) => str(r.stage) ?? ''), 'won'];
  const rows = await db.all(`WITH h AS (SELECT DISTINCT s.deal_id, s.stage FROM deal_stages s),
      d AS (SELECT d.deal_id, a.tier, d.stage AS outcome FROM deals d JOIN ${tiers} a USING (account_id)
        WHERE a.tier IS NOT NULL AND d.deal_id IN (SELECT deal_id FROM h))
    SELECT d.tier, h.stage AS step, count(DISTINCT d.deal_id) AS deals, any_value(t.n) AS n FROM d JOIN h USING (deal_id)
      JOIN (SELECT tier, count(*) AS n FROM d GROUP BY 1) t USING (tier)
      WHERE h.stage IN (${steps.slice(0, -1).map(quoteLiteral).join(', ') || 'NULL'}) GROUP BY 1, 2
    UNION ALL SELECT tier, 'won', count(*) FILTER (WHERE outcome = 'won'), count(*) FROM d GROUP BY 1
    ORDER BY 1, 2`);
  return {
    from: 'stage history',
    steps,
    rows: rows
      .map((r) => ({
        tier: tierOf(r.tier),
        step: str(r.step) ?? '',
        deals: num(r.deals),
        share: num(r.deals) / num(r.n),
      }))
      .sort((x, y) =>
        x.tier < y.tier ? -1 : x.tier > y.tier ? 1 : steps.indexOf(x.step) - steps.indexOf(y.step),
      ),
  };
}

async function timeInStage(db: Database, tiers: TableRef): Promise<JourneyResult['timeInStage']> {
  const rows = await db.all(`WITH s AS (SELECT deal_id, stage, entered_at,
        lead(entered_at) OVER (PARTITION BY deal_id ORDER BY entered_at, stage) AS next FROM deal_stages)
    SELECT a.tier, s.stage, count(DISTINCT s.deal_id) AS deals, median(date_diff('day', s.entered_at, s.next)) AS days
    FROM s JOIN deals d USING (deal_id) JOIN ${tiers} a ON a.account_id = d.account_id
    WHERE s.next IS NOT NULL AND a.tier IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`);
  return rows.map((r) => ({
    tier: tierOf(r.tier),
    stage: str(r.stage) ?? '',
    deals: num(r.deals),
    medianDays: num(r.days),
  }));
}

async function touchpoints(db: Database, tiers: TableRef): Promise<JourneyResult['touchpoints']> {
  const rows =
    await db.all(`WITH c AS (SELECT d.deal_id, a.tier FROM deals d JOIN ${tiers} a USING (account_id)
        WHERE d.stage IN ('won', 'lost') AND a.tier IS NOT NULL),
      n AS (SELECT tier, count(*) AS deals FROM c GROUP BY 1)
    SELECT c.tier, coalesce(x.type, '(none)') AS type, count(*) / any_value(n.deals) AS per_deal, any_value(n.deals) AS deals
    FROM activities x JOIN c USING (deal_id) JOIN n USING (tier) GROUP BY 1, 2 ORDER BY 1, 2`);
  return rows.map((r) => ({
    tier: tierOf(r.tier),
    type: str(r.type) ?? '',
    perDeal: num(r.per_deal),
    deals: num(r.deals),
  }));
}

async function cycle(db: Database, tiers: TableRef): Promise<JourneyResult['cycle']> {
  const rows = await db.all(`SELECT a.tier, count(*) AS n, quantile_cont(x, [0.25, 0.5, 0.75]) AS q
    FROM (SELECT account_id, date_diff('day', created_at, closed_at) AS x FROM deals WHERE stage = 'won' AND closed_at IS NOT NULL AND created_at IS NOT NULL) d
    JOIN ${tiers} a USING (account_id) WHERE a.tier IS NOT NULL GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => {
    const q = r.q as number[];
    return {
      tier: tierOf(r.tier),
      wonDeals: num(r.n),
      p25: num(q[0]),
      medianDays: num(q[1]),
      p75: num(q[2]),
    };
  });
}

/** Customers whose first revenue month is at least 11 months before as_of's month. */
async function expansion(
  db: Database,
  tiers: TableRef,
  asOf: string,
  invoices: boolean,
): Promise<JourneyResult['expansion']> {
  const d = `DATE '${asOf}'`;
  // Revenue per account and month, as customer-value.ts counts it.
  const months = invoices
    ? `SELECT account_id, date_trunc('month', date)::DATE AS month, sum(amount) AS amount FROM invoices
       WHERE account_id IS NOT NULL AND date <= ${d} GROUP BY 1, 2`
    : `SELECT account_id, month, sum(mrr) AS amount FROM (SELECT account_id, mrr, unnest(generate_series(
         date_trunc('month', start_date), date_trunc('month', least(coalesce(end_date, ${d}), ${d})), INTERVAL 1 MONTH))::DATE AS month
       FROM subscriptions WHERE account_id IS NOT NULL AND start_date <= ${d} AND mrr IS NOT NULL) GROUP BY 1, 2`;
  const rows =
    await db.all(`WITH _rev_month AS (${months}), f AS (SELECT account_id, min(month) AS m0 FROM _rev_month GROUP BY 1),
      x AS (SELECT f.account_id, r0.amount AS first, coalesce(r12.amount, 0) AS twelfth
        FROM f JOIN _rev_month r0 ON r0.account_id = f.account_id AND r0.month = f.m0
        LEFT JOIN _rev_month r12 ON r12.account_id = f.account_id AND r12.month = f.m0 + INTERVAL 11 MONTH
        WHERE f.m0 + INTERVAL 11 MONTH <= date_trunc('month', DATE '${asOf}') AND r0.amount > 0)
    SELECT a.tier, count(*) AS n, median(twelfth / first) AS ratio, count(*) FILTER (WHERE twelfth > first) AS k
    FROM x JOIN ${tiers} a USING (account_id) WHERE a.tier IS NOT NULL GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => ({
    tier: tierOf(r.tier),
    customers: num(r.n),
    medianRatio: num(r.ratio),
    expanded: { rate: num(r.k) / num(r.n), n: num(r.n), ...wilsonInterval(num(r.k), num(r.n)) },
  }));
}

async function timeToValue(db: Database, tiers: TableRef): Promise<JourneyResult['timeToValue']> {
  const rows =
    await db.all(`WITH u AS (SELECT account_id, min(date) AS first_use FROM usage WHERE value > 0 GROUP BY 1)
    SELECT a.tier, count(*) AS n, median(date_diff('day', a.first_revenue_month, u.first_use)) AS days
    FROM ${tiers} a JOIN u USING (account_id)
    WHERE a.is_customer AND a.tier IS NOT NULL AND u.first_use >= a.first_revenue_month GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => ({ tier: tierOf(r.tier), customers: num(r.n), medianDays: num(r.days) }));
}
