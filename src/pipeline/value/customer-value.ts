import type { ValueConfig } from '../../core/config/schema.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { num, str } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { type TableRef, uniqueTable } from '../analysis/table-ref.js';
import { revenueByAccount } from './revenue-by-account.js';

/** One per-account metric and whether the data allows it (never silently 0 when it does not). */
export interface ValueMetric {
  readonly id: string;
  readonly available: boolean;
  readonly reason?: string;
}

export interface CustomerValueResult {
  /** The DuckDB table, made for this call, holding one row per account with every metric. */
  readonly table: TableRef;
  readonly asOf: string;
  /** Where revenue came from, if anywhere. */
  readonly revenueSource: 'invoices' | 'subscriptions' | undefined;
  readonly metrics: readonly ValueMetric[];
  /** The settings used, echoed so every output says how value was computed. */
  readonly settings: ValueConfig & { as_of: string };
}

/**
 * Computes customer value per account in DuckDB: revenue (total, last 12 months, current ARR),
 * tenure, churn and when, net revenue retention, cost to serve, net value and net value per
 * month of tenure, NPS, deals won and lost, win rate, sales cycle and deal size. Metrics whose
 * table is missing are NULL and listed as unavailable with the reason. The table is new to
 * this call (`table`), in the current schema: a view of the dataset (cut-dataset.ts) drops it.
 */
export async function computeCustomerValue(
  dataset: Dataset,
  settings: ValueConfig,
): Promise<CustomerValueResult> {
  const { db, tables } = dataset;
  const has = (t: Parameters<typeof tables.has>[0]) => tables.has(t);
  const revenueSource = revenueSourceOf(dataset);
  const asOf = settings.as_of ?? (await latestDate(dataset));
  const d = `DATE ${quoteLiteral(asOf)}`;
  const month = `date_trunc('month', ${d})::DATE`;
  const { churnedExpr, churnDateExpr } = churnSql(revenueSource, has('churn_events'), d, settings);
  const ticketMinutes = tables.get('tickets')?.columns.minutes !== undefined;
  const costExpr = !has('tickets')
    ? 'NULL::DOUBLE'
    : ticketMinutes
      ? `coalesce(t.minutes, 0) * ${settings.support_cost_per_minute}`
      : `coalesce(t.tickets, 0) * ${settings.support_cost_per_ticket}`;
  const customerExpr = revenueSource
    ? 'coalesce(r.revenue_total, 0) > 0'
    : has('deals')
      ? 'coalesce(dl.won, 0) > 0'
      : 'NULL::BOOLEAN';
  const revenueCol = (e: string) => (revenueSource ? e : 'NULL::DOUBLE');
  const ctes = await sideCtes(dataset, revenueSource, d);
  const table = uniqueTable('_value');
  const revenue = await revenueByAccount(db, revenueSource, d);
  await db.run(`CREATE TABLE ${table} AS
    WITH r AS (${revenue.r}),
    s AS (${ctes.s}),
    ce AS (${ctes.ce}),
    t AS (${ctes.t}),
    dl AS (${dealsCte(dataset, d)}),
    f AS (${ctes.f}),
    base AS (
      SELECT a.account_id,
        ${customerExpr} AS is_customer,
        ${revenueCol('coalesce(r.revenue_total, 0)')} AS revenue_total,
        ${revenueCol('coalesce(r.revenue_12m, 0)')} AS revenue_12m,
        ${revenueCol(`CASE WHEN r.last_month IS NOT NULL AND NOT (${churnedExpr}) THEN 12 * r.last_month_amount ELSE 0 END`)} AS arr_current,
        ${revenueCol(`CASE WHEN r.month_12m_ago > 0 THEN (CASE WHEN ${churnedExpr} THEN 0 ELSE coalesce(r.last_month_amount, 0) END) / r.month_12m_ago END`)} AS nrr,
        ${revenueCol('12 * coalesce(r.month_12m_ago, 0)')} AS arr_12m_ago,
        ${revenueCol('12 * r.last_month_amount')} AS arr_last,
        r.first_month AS first_revenue_month,
        CASE WHEN ${customerExpr} THEN ${churnedExpr} END AS churned,
        CASE WHEN ${customerExpr} THEN ${churnDateExpr} END AS churn_date,
        ${revenueSource ? `CASE WHEN r.first_month IS NOT NULL THEN date_diff('month', r.first_month, CASE WHEN ${churnedExpr} THEN r.last_month ELSE ${month} END) + 1 END` : 'NULL::BIGINT'} AS tenure_months,
        ${has('tickets') ? 'coalesce(t.tickets, 0)' : 'NULL::BIGINT'} AS tickets,
        ${has('tickets') && ticketMinutes ? 'coalesce(t.minutes, 0)' : 'NULL::DOUBLE'} AS support_minutes,
        ${costExpr} + CASE WHEN ${customerExpr} THEN ${settings.onboarding_cost} ELSE 0 END AS cost_to_serve,
        f.nps_avg, f.nps_responses, f.nps_last,
        dl.won AS deals_won, dl.lost AS deals_lost, dl.open AS deals_open, dl.win_rate, dl.median_cycle_days, dl.avg_deal_size
      FROM accounts a
      LEFT JOIN r USING (account_id) LEFT JOIN s USING (account_id) LEFT JOIN ce USING (account_id)
      LEFT JOIN t USING (account_id) LEFT JOIN dl USING (account_id) LEFT JOIN f USING (account_id))
    SELECT *,
      revenue_total * ${settings.gross_margin} - cost_to_serve AS net_value,
      CASE WHEN tenure_months > 0 THEN (revenue_total * ${settings.gross_margin} - cost_to_serve) / tenure_months END AS net_value_per_month,
      CASE WHEN revenue_total > 0 THEN cost_to_serve / revenue_total END AS cost_share
    FROM base ORDER BY account_id`);
  await db.run(`DROP TABLE ${revenue.table}`);

  return {
    table,
    asOf,
    revenueSource,
    metrics: valueMetrics(dataset, revenueSource),
    settings: { ...settings, as_of: asOf },
  };
}

/**
 * Whether a customer churned, and when, as SQL over the value query's CTEs (`r` revenue by
 * month, `s` subscriptions, `ce` churn events), by where revenue comes from.
 */
function churnSql(
  revenueSource: CustomerValueResult['revenueSource'],
  churnEvents: boolean,
  d: string,
  settings: ValueConfig,
): { churnedExpr: string; churnDateExpr: string } {
  const churnedExpr =
    revenueSource === 'invoices'
      ? `r.last_date < ${d} - INTERVAL ${settings.churn_after_days} DAY`
      : revenueSource === 'subscriptions'
        ? // Subscriptions often stay open in exports after a churn was recorded: an explicit
          // churn event later than the last subscription start wins.
          `(NOT coalesce(s.active, false) OR coalesce(ce.churn_date >= s.last_start, false))`
        : churnEvents
          ? 'ce.churn_date IS NOT NULL'
          : 'NULL::BOOLEAN';
  const churnDateExpr =
    revenueSource === 'invoices'
      ? `CASE WHEN ${churnedExpr} THEN (r.last_month + INTERVAL 1 MONTH)::DATE END`
      : revenueSource === 'subscriptions'
        ? `CASE WHEN ${churnedExpr} THEN coalesce(ce.churn_date, s.last_end) END`
        : churnEvents
          ? 'ce.churn_date'
          : 'NULL::DATE';

  return { churnedExpr, churnDateExpr };
}

/** Where revenue comes from: invoices first, else subscriptions, else nowhere. */
function revenueSourceOf(dataset: Dataset): CustomerValueResult['revenueSource'] {
  if (dataset.tables.has('invoices')) return 'invoices';
  return dataset.tables.has('subscriptions') ? 'subscriptions' : undefined;
}

/**
 * The value query's per-account CTEs besides revenue and deals: subscriptions (`s`), churn
 * events (`ce`), tickets (`t`) and feedback (`f`), each empty with the right columns when its
 * table is missing. A ticket without minutes counts the median ticket's; the median (a pass
 * over every ticket's minutes) is taken only when some ticket has none.
 */
async function sideCtes(
  dataset: Dataset,
  revenueSource: CustomerValueResult['revenueSource'],
  d: string,
): Promise<{ s: string; ce: string; t: string; f: string }> {
  const { tables } = dataset;
  const has = (t: Parameters<typeof tables.has>[0]) => tables.has(t);
  const ticketMinutes = tables.get('tickets')?.columns.minutes !== undefined;
  const gaps =
    ticketMinutes &&
    num((await dataset.db.one('SELECT count(*) - count(minutes) AS n FROM tickets'))?.n) > 0;
  // The median joined once as a one-row table: as a subquery inside the exact sum, which
  // reads its expression four times, it was computed once per reading.
  const minutes = gaps ? 'coalesce(minutes, md.median_minutes)' : 'minutes';
  const median = gaps ? ', (SELECT median(minutes) AS median_minutes FROM tickets) md' : '';
  return {
    s:
      revenueSource === 'subscriptions'
        ? `SELECT account_id, bool_or(start_date <= ${d} AND (end_date IS NULL OR end_date > ${d})) AS active, max(end_date) AS last_end, max(start_date) AS last_start FROM subscriptions WHERE account_id IS NOT NULL GROUP BY 1`
        : 'SELECT NULL::VARCHAR AS account_id, NULL::BOOLEAN AS active, NULL::DATE AS last_end, NULL::DATE AS last_start WHERE false',
    ce: has('churn_events')
      ? `SELECT account_id, max(date) AS churn_date FROM churn_events WHERE account_id IS NOT NULL AND date <= ${d} GROUP BY 1`
      : 'SELECT NULL::VARCHAR AS account_id, NULL::DATE AS churn_date WHERE false',
    t: has('tickets')
      ? `SELECT account_id, count(*) AS tickets, ${ticketMinutes ? exactSum(minutes) : 'NULL::DOUBLE'} AS minutes
         FROM tickets${median} WHERE account_id IS NOT NULL ${tables.get('tickets')?.columns.created_at ? `AND (created_at IS NULL OR created_at <= ${d})` : ''} GROUP BY 1`
      : 'SELECT NULL::VARCHAR AS account_id, NULL::BIGINT AS tickets, NULL::DOUBLE AS minutes WHERE false',
    f: has('feedback')
      ? 'SELECT account_id, avg(score) AS nps_avg, count(*) AS nps_responses, arg_max(score, date) AS nps_last FROM feedback WHERE account_id IS NOT NULL GROUP BY 1'
      : 'SELECT NULL::VARCHAR AS account_id, NULL::DOUBLE AS nps_avg, NULL::BIGINT AS nps_responses, NULL::BIGINT AS nps_last WHERE false',
  };
}

function dealsCte(dataset: Dataset, d: string): string {
  const deals = dataset.tables.get('deals');
  if (!deals) {
    return 'SELECT NULL::VARCHAR AS account_id, NULL::BIGINT AS won, NULL::BIGINT AS lost, NULL::BIGINT AS open, NULL::DOUBLE AS win_rate, NULL::DOUBLE AS median_cycle_days, NULL::DOUBLE AS avg_deal_size WHERE false';
  }
  const hasDates = deals.columns.created_at && deals.columns.closed_at;
  const closedBy = deals.columns.closed_at ? `AND (closed_at IS NULL OR closed_at <= ${d})` : '';
  return `SELECT account_id,
      count(*) FILTER (WHERE stage = 'won') AS won, count(*) FILTER (WHERE stage = 'lost') AS lost,
      count(*) FILTER (WHERE stage = 'open') AS open,
      CASE WHEN count(*) FILTER (WHERE stage IN ('won', 'lost')) > 0
        THEN count(*) FILTER (WHERE stage = 'won') / count(*) FILTER (WHERE stage IN ('won', 'lost')) END AS win_rate,
      ${hasDates ? "median(date_diff('day', created_at, closed_at)) FILTER (WHERE stage = 'won')" : 'NULL::DOUBLE'} AS median_cycle_days,
      ${deals.columns.amount ? "avg(amount) FILTER (WHERE stage = 'won')" : 'NULL::DOUBLE'} AS avg_deal_size
    FROM deals WHERE account_id IS NOT NULL ${closedBy} GROUP BY 1`;
}

function valueMetrics(
  dataset: Dataset,
  revenueSource: CustomerValueResult['revenueSource'],
): ValueMetric[] {
  const has = (t: Parameters<typeof dataset.tables.has>[0]) => dataset.tables.has(t);
  const deals = dataset.tables.get('deals');
  const m = (id: string, reason: string | undefined): ValueMetric =>
    reason === undefined ? { id, available: true } : { id, available: false, reason };
  const noRevenue = revenueSource ? undefined : 'no invoices or subscriptions';
  const noChurn =
    revenueSource || has('churn_events') ? undefined : 'no invoices, subscriptions or churn events';
  return [
    m('revenue_total', noRevenue),
    m('revenue_12m', noRevenue),
    m('arr_current', noRevenue),
    m('nrr', noRevenue),
    m('tenure_months', noRevenue),
    m('churned', noChurn),
    m('churn_date', noChurn),
    m('tickets', has('tickets') ? undefined : 'no tickets'),
    m(
      'support_minutes',
      !has('tickets')
        ? 'no tickets'
        : dataset.tables.get('tickets')?.columns.minutes
          ? undefined
          : 'tickets without minutes',
    ),
    m('cost_to_serve', has('tickets') ? undefined : 'no tickets'),
    m('net_value', noRevenue ?? (has('tickets') ? undefined : 'no tickets')),
    m('net_value_per_month', noRevenue ?? (has('tickets') ? undefined : 'no tickets')),
    m('cost_share', noRevenue ?? (has('tickets') ? undefined : 'no tickets')),
    m('nps_avg', has('feedback') ? undefined : 'no feedback'),
    m('deals_won', deals ? undefined : 'no deals'),
    m('win_rate', deals ? undefined : 'no deals'),
    m(
      'median_cycle_days',
      !deals
        ? 'no deals'
        : deals.columns.created_at && deals.columns.closed_at
          ? undefined
          : 'deals without created and closed dates',
    ),
    m(
      'avg_deal_size',
      !deals ? 'no deals' : deals.columns.amount ? undefined : 'deals without amounts',
    ),
  ];
}

/** The latest date anywhere in the activity tables: the natural "as of" of an export. */
/** The latest date in the dataset's activity tables: the default as-of date of customer value. */
export async function latestDate(dataset: Dataset): Promise<string> {
  const parts: string[] = [];
  const t = dataset.tables;
  if (t.has('invoices')) parts.push('SELECT max(date) AS d FROM invoices');
  if (t.has('subscriptions'))
    parts.push('SELECT greatest(max(start_date), max(end_date)) AS d FROM subscriptions');
  // An open deal's close date is the one expected (CRMs export it, often in the future).
  if (t.get('deals')?.columns.closed_at)
    parts.push("SELECT max(closed_at) AS d FROM deals WHERE stage <> 'open'");
  if (t.get('deals')?.columns.created_at) parts.push('SELECT max(created_at) AS d FROM deals');
  if (t.get('tickets')?.columns.created_at) parts.push('SELECT max(created_at) AS d FROM tickets');
  if (t.has('churn_events')) parts.push('SELECT max(date) AS d FROM churn_events');
  if (t.has('usage')) parts.push('SELECT max(date) AS d FROM usage');
  if (parts.length === 0) return new Date().toISOString().slice(0, 10);
  const row = await dataset.db.one(
    `SELECT CAST(max(d) AS VARCHAR) AS d FROM (${parts.join(' UNION ALL ')})`,
  );
  return str(row?.d) ?? new Date().toISOString().slice(0, 10);
}
