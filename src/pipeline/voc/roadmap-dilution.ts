import { exactSum } from '../../core/sql/exact-sum.js';
import { clusterRate } from '../../core/stats/cluster-rate.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import type { Share } from '../../core/text/theme-stats.js';
import {
  type RequestTheme,
  type RoadmapDilution,
  VOC_TIERS,
  type VocTier,
} from '../../core/text/voc-result.js';
import { type Database, num, str } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import type { TableRef } from '../analysis/table-ref.js';
import { MENTIONS_TABLE } from './extract-themes.js';
import { DOCS_TABLE } from './voc-documents.js';

const RANKED = 10;

/**
 * Where the roadmap's asks and support's load come from: per tier the feature requests (tickets
 * tagged as requests and the requests table), tickets and support minutes; the share of each
 * from outside the ICP (C, D, unknown, disqualified) and from bad-fit customers, with intervals that
 * count accounts as the units; request themes ranked by requesting accounts inside and outside
 * the ICP; request themes whose requesting customers mostly churned since. Null without tickets
 * or requests.
 */
export async function roadmapDilution(
  dataset: Dataset,
  tiers: TableRef,
  options: { readonly badFit: string; readonly labels: ReadonlyMap<number, string> },
): Promise<RoadmapDilution | null> {
  const { db, tables } = dataset;
  if (!tables.has('tickets') && !tables.has('requests')) return null;
  const minutes = tables.get('tickets')?.columns.minutes !== undefined;
  const ticketCols = tables.has('tickets')
    ? `SELECT account_id, count(*) AS tickets, ${minutes ? exactSum('coalesce(minutes, 0)') : 'NULL::DOUBLE'} AS minutes FROM tickets GROUP BY 1`
    : 'SELECT NULL::VARCHAR AS account_id, 0::BIGINT AS tickets, NULL::DOUBLE AS minutes WHERE false';
  const perAccount =
    await db.all(`WITH r AS (SELECT account_id, count(*) AS requests FROM ${DOCS_TABLE} WHERE source = 'request' GROUP BY 1),
      t AS (${ticketCols})
    SELECT a.account_id, a.tier, (${options.badFit}) AS bad, coalesce(r.requests, 0) AS requests,
      coalesce(t.tickets, 0) AS tickets, t.minutes
    FROM ${tiers} a LEFT JOIN r USING (account_id) LEFT JOIN t USING (account_id)
    WHERE a.tier IS NOT NULL AND (r.requests > 0 OR t.tickets > 0)
    ORDER BY a.account_id`);
  const rows = perAccount.map((r) => ({
    tier: str(r.tier) as VocTier,
    bad: r.bad === true,
    requests: num(r.requests),
    tickets: num(r.tickets),
    minutes: r.minutes === null ? 0 : num(r.minutes),
  }));
  const outside = (t: VocTier) => t !== 'A' && t !== 'B';
  const share = (
    key: 'requests' | 'tickets' | 'minutes',
    by: (r: (typeof rows)[number]) => boolean,
  ): Share | null => {
    const c = clusterRate(
      rows.filter((r) => r[key] > 0).map((r) => ({ positives: by(r) ? r[key] : 0, n: r[key] })),
    );
    return c ? { rate: c.rate, n: c.n, lo: c.lo, hi: c.hi } : null;
  };
  const byTier = VOC_TIERS.map((tier) => {
    const of = rows.filter((r) => r.tier === tier);
    const sum = (k: 'requests' | 'tickets' | 'minutes') => of.reduce((s, r) => s + r[k], 0);
    return {
      tier,
      accounts: of.length,
      requests: sum('requests'),
      tickets: sum('tickets'),
      minutes: minutes ? sum('minutes') : null,
    };
  });
  const parts = [
    ['requests', 'requests'],
    ['tickets', 'tickets'],
    ...(minutes ? [['support minutes', 'minutes'] as const] : []),
  ] as const;
  const themes = await requestThemes(db, tiers, options.labels);
  return {
    requests: rows.reduce((s, r) => s + r.requests, 0),
    requestingAccounts: rows.filter((r) => r.requests > 0).length,
    byTier,
    shares: parts.map(([what, key]) => ({
      what,
      outside: share(key, (r) => outside(r.tier)),
      badFit: share(key, (r) => r.bad),
    })),
    ranked: {
      icp: themes
        .filter((t) => t.icp > 0)
        .sort((a, b) => b.icp - a.icp || a.theme.themeId.localeCompare(b.theme.themeId))
        .slice(0, RANKED)
        .map((t) => ({ ...t.theme, accounts: t.icp })),
      outside: themes
        .filter((t) => t.outside > 0)
        .sort((a, b) => b.outside - a.outside || a.theme.themeId.localeCompare(b.theme.themeId))
        .slice(0, RANKED)
        .map((t) => ({ ...t.theme, accounts: t.outside })),
    },
    fromChurned: themes.filter((t) => (t.theme.churned?.lo ?? 0) > 0.5).map((t) => t.theme),
  };
}

/** Request themes: requesting accounts in and outside the ICP, and how many of them churned. */
async function requestThemes(
  db: Database,
  tiers: TableRef,
  labels: ReadonlyMap<number, string>,
): Promise<{ theme: RequestTheme; icp: number; outside: number }[]> {
  const rows =
    await db.all(`WITH q AS (SELECT m.theme, d.account_id, count(*) AS requests, min(d.date) AS first
      FROM ${MENTIONS_TABLE} m JOIN ${DOCS_TABLE} d USING (doc_id) WHERE m.lens = 'raised' AND d.source = 'request' GROUP BY 1, 2)
    SELECT q.theme, sum(q.requests) AS requests, count(*) AS accounts,
      count(*) FILTER (WHERE a.tier IN ('A', 'B')) AS icp, count(*) FILTER (WHERE a.tier NOT IN ('A', 'B')) AS outside,
      count(*) FILTER (WHERE a.is_customer AND a.churned IS NOT NULL) AS customers,
      count(*) FILTER (WHERE a.is_customer AND a.churned AND (a.churn_date IS NULL OR q.first IS NULL OR a.churn_date >= q.first)) AS churned
    FROM q JOIN ${tiers} a USING (account_id) WHERE a.tier IS NOT NULL GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => {
    const customers = num(r.customers);
    const churned = num(r.churned);
    return {
      icp: num(r.icp),
      outside: num(r.outside),
      theme: {
        themeId: `raised-${num(r.theme)}`,
        label: labels.get(num(r.theme)) ?? '',
        accounts: num(r.accounts),
        requests: num(r.requests),
        churned:
          customers > 0
            ? { rate: churned / customers, n: customers, ...wilsonInterval(churned, customers) }
            : null,
      },
    };
  });
}
