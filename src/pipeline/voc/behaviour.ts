import { benjaminiHochberg, normalTail } from '../../core/stats/multiple-testing.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import type { BehaviourMetric, BehaviourResult, VocTier } from '../../core/text/voc-result.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num, str } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import type { TableRef } from '../analysis/table-ref.js';
import { GROUPS_TABLE } from './voc-groups.js';
import type { RateWithInterval } from '../../core/stats/rate.js';
import { percent } from '../../core/format/percent.js';

/** Usage metrics profiled, the most recorded first. */
const METRICS = 12;
const SEATS = /^(seats?|seat count|licen[cs]es|number of seats|purchased seats)$/i;

export const BEHAVIOUR_NOTE =
  "Behaviour is measured after a customer starts, so it describes the ICP's customers and is never part of the firmographic fit used to score prospects.";

/**
 * Usage by tier (docs/voc.md): per metric, each customer's total in the first 90 days after its
 * first revenue month, the latest 90 days over the first 90 (growth, customers a year old or
 * more) and the first 90 days per seat when accounts carry a seats column; medians per tier.
 * Then, for ideal customers against the rest, a behavioural attribute per metric: the ideal
 * customers' lower quartile, rounded down, as a threshold ("ideal customers reach 40+ in their
 * first 90 days"), the share of each group reaching it (Wilson) and a two-proportion test,
 * Benjamini-Hochberg across metrics. Null without usage or revenue.
 */
export async function behaviourByTier(
  dataset: Dataset,
  audited: TableRef,
  options: { readonly asOf: string; readonly ideal: boolean; readonly fdr: number },
): Promise<BehaviourResult | null> {
  const { db, tables } = dataset;
  if (!tables.has('usage') || !(tables.has('invoices') || tables.has('subscriptions'))) return null;
  const seats = tables
    .get('accounts')
    ?.extras.find((x) => x.type === 'number' && SEATS.test(x.header));
  const metrics = (
    await db.all(
      `SELECT metric FROM usage WHERE metric IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${METRICS}`,
    )
  ).map((r) => str(r.metric) ?? '');
  await db.run(`CREATE OR REPLACE TEMP TABLE _voc_usage AS
    WITH c AS (SELECT account_id, tier, first_revenue_month AS start,
        date_diff('month', first_revenue_month, DATE ${quoteLiteral(options.asOf)}) >= 12 AS year_old
      FROM ${audited} WHERE is_customer AND first_revenue_month IS NOT NULL AND tier IS NOT NULL)
    SELECT c.account_id, c.tier, u.metric,
      ${exactSum('u.value', 'u.date >= c.start AND u.date < c.start + INTERVAL 90 DAY')} AS first90,
      CASE WHEN any_value(c.year_old) THEN ${exactSum('u.value', `u.date > DATE ${quoteLiteral(options.asOf)} - INTERVAL 90 DAY`)} END AS last90
      ${seats ? `, any_value(TRY_CAST(s.${quoteIdent(seats.name)} AS DOUBLE)) AS seats` : ', NULL::DOUBLE AS seats'}
    FROM c JOIN usage u USING (account_id) ${seats ? 'JOIN accounts s USING (account_id)' : ''}
    WHERE u.metric IN (${metrics.map(quoteLiteral).join(', ') || 'NULL'})
    GROUP BY 1, 2, 3`);
  const tiers = await db.all(`SELECT metric, tier, count(*) AS n, median(first90) AS first90,
      median(last90 / nullif(first90, 0)) AS growth, median(first90 / nullif(seats, 0)) AS per_seat
    FROM _voc_usage GROUP BY 1, 2 ORDER BY 1, 2`);
  const attributes = options.ideal ? await attributesOf(db, metrics) : new Map();
  const q = benjaminiHochberg([...attributes.values()].map((a) => a.p));
  const keys = [...attributes.keys()];
  const out: BehaviourMetric[] = metrics.map((metric) => {
    const i = keys.indexOf(metric);
    const a = attributes.get(metric);
    const kept = a && (q[i] as number) <= options.fdr && a.ideal.rate > a.rest.rate;
    return {
      metric,
      byTier: tiers
        .filter((r) => r.metric === metric)
        .map((r) => ({
          tier: str(r.tier) as VocTier,
          customers: num(r.n),
          first90: r.first90 === null ? null : num(r.first90),
          growth: r.growth === null ? null : num(r.growth),
          perSeat: r.per_seat === null ? null : num(r.per_seat),
        })),
      attribute: kept
        ? {
            statement: `ideal customers reach ${a.threshold.toLocaleString('en-US')}+ ${metric} in their first 90 days (${percent(a.ideal.rate)} of them, against ${percent(a.rest.rate)} of other customers)`,
            threshold: a.threshold,
            ideal: a.ideal,
            rest: a.rest,
            q: q[i] as number,
          }
        : null,
    };
  });
  await db.run('DROP TABLE IF EXISTS _voc_usage');
  return { metrics: out, seatsColumn: seats?.header ?? null, note: BEHAVIOUR_NOTE };
}

interface Attribute {
  threshold: number;
  ideal: RateWithInterval;
  rest: RateWithInterval;
  p: number;
}

/** Per metric: the ideal customers' lower quartile (two significant digits, rounded down). */
async function attributesOf(
  db: Database,
  metrics: readonly string[],
): Promise<Map<string, Attribute>> {
  const quartiles = await db.all(`SELECT u.metric, quantile_disc(coalesce(u.first90, 0), 0.25) AS q
    FROM _voc_usage u JOIN ${GROUPS_TABLE} g USING (account_id) WHERE g.grp = 'ideal' GROUP BY 1 ORDER BY 1`);
  const out = new Map<string, Attribute>();
  for (const metric of metrics) {
    const raw = num(quartiles.find((r) => r.metric === metric)?.q);
    if (!(raw > 0)) continue;
    const digits = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
    const threshold = Math.floor(raw / digits) * digits;
    const r = await db.one(`SELECT count(*) FILTER (WHERE g.grp = 'ideal') AS ni,
        count(*) FILTER (WHERE g.grp = 'ideal' AND coalesce(u.first90, 0) >= ${threshold}) AS ki,
        count(*) FILTER (WHERE g.grp = 'rest') AS nr,
        count(*) FILTER (WHERE g.grp = 'rest' AND coalesce(u.first90, 0) >= ${threshold}) AS kr
      FROM _voc_usage u JOIN ${GROUPS_TABLE} g USING (account_id) WHERE u.metric = ${quoteLiteral(metric)} AND g.grp IN ('ideal', 'rest')`);
    const [ni, ki, nr, kr] = [num(r?.ni), num(r?.ki), num(r?.nr), num(r?.kr)];
    if (ni === 0 || nr === 0) continue;
    const pooled = (ki + kr) / (ni + nr);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / ni + 1 / nr));
    const z = se > 0 ? Math.abs(ki / ni - kr / nr) / se : 0;
    out.set(metric, {
      threshold,
      ideal: { rate: ki / ni, n: ni, ...wilsonInterval(ki, ni) },
      rest: { rate: kr / nr, n: nr, ...wilsonInterval(kr, nr) },
      p: se > 0 ? Math.min(1, 2 * normalTail(z)) : 1,
    });
  }
  return out;
}
