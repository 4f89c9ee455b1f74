import { quoteIdent } from '../../core/sql/quote.js';
import { clusterRateFromSums } from '../../core/stats/cluster-rate.js';
import { num, str } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';

/** How often deals with a given kind of person involved were won, against the base rate. */
export interface PersonaRow {
  /** role, seniority, department or title. */
  readonly dimension: string;
  readonly value: string;
  /** Closed deals with at least one such person involved. */
  readonly deals: number;
  readonly won: number;
  readonly winRate: number;
  /**
   * 95% interval of winRate with the accounts as the independent units: deals of one account
   * share their committee, so they are not independent trials.
   */
  readonly interval: { readonly lo: number; readonly hi: number };
  /** Win rate of closed deals without such a person. */
  readonly winRateWithout: number;
  /** winRate / the base win rate of all closed deals with a known committee. */
  readonly lift: number;
}

export interface PersonasResult {
  readonly available: boolean;
  readonly reason?: string;
  /** Closed deals with at least one contact linked. */
  readonly closedDeals: number;
  readonly baseWinRate: number;
  readonly rows: readonly PersonaRow[];
}

const DIMENSIONS = ['role', 'seniority', 'department'] as const;

/**
 * Which roles, seniorities and departments appear in won versus lost deals. A deal's
 * committee is its deal_contacts; a deal_contacts role overrides the contact's own role.
 */
export async function computePersonas(
  dataset: Dataset,
  options: { minDeals?: number } = {},
): Promise<PersonasResult> {
  const { minDeals = 20 } = options;
  const t = dataset.tables;
  if (!t.has('deals') || !t.has('deal_contacts') || !t.has('contacts')) {
    return {
      available: false,
      reason:
        'no contacts, deal contacts and deals together: personas and buying committee unknown',
      closedDeals: 0,
      baseWinRate: Number.NaN,
      rows: [],
    };
  }
  const contactCols = t.get('contacts')!.columns;
  const dcRole = t.get('deal_contacts')!.columns.role !== undefined;
  const dims = DIMENSIONS.filter((d) => contactCols[d] !== undefined || (d === 'role' && dcRole));
  const roleExpr =
    dcRole && contactCols.role ? 'coalesce(dc.role, c.role)' : dcRole ? 'dc.role' : 'c.role';
  const pick = (d: string) => (d === 'role' ? roleExpr : `c.${quoteIdent(d)}`);
  await dataset.db.run(`CREATE OR REPLACE TEMP TABLE _committee AS
    SELECT DISTINCT dc.deal_id, d.account_id, d.stage = 'won' AS won, ${dims.map((d) => `${pick(d)} AS ${quoteIdent(d)}`).join(', ')}
    FROM deal_contacts dc JOIN deals d USING (deal_id) LEFT JOIN contacts c USING (contact_id)
    WHERE d.stage IN ('won', 'lost')`);
  const base = await dataset.db.one(
    'SELECT count(DISTINCT deal_id) AS n, count(DISTINCT deal_id) FILTER (WHERE won) AS w FROM _committee',
  );
  const n = num(base?.n);
  const w = num(base?.w);
  const baseRate = n > 0 ? w / n : Number.NaN;
  const rows: PersonaRow[] = [];
  for (const d of dims) {
    const col = quoteIdent(d);
    const found = await dataset.db.all(
      `SELECT ${col} AS v, count(DISTINCT deal_id) AS n, count(DISTINCT deal_id) FILTER (WHERE won) AS w
       FROM _committee WHERE ${col} IS NOT NULL GROUP BY 1 HAVING count(DISTINCT deal_id) >= ${minDeals} ORDER BY 1`,
    );
    const intervals = await accountIntervals(dataset, col);
    for (const r of found) {
      const deals = num(r.n);
      const won = num(r.w);
      const without = n - deals;
      const value = str(r.v) ?? '';
      rows.push({
        dimension: d,
        value,
        deals,
        won,
        winRate: won / deals,
        interval: intervals.get(value) ?? { lo: 0, hi: 1 },
        winRateWithout: without > 0 ? (w - won) / without : Number.NaN,
        lift: won / deals / baseRate,
      });
    }
  }
  await dataset.db.run('DROP TABLE _committee');
  rows.sort(
    (a, b) =>
      b.lift - a.lift || a.dimension.localeCompare(b.dimension) || a.value.localeCompare(b.value),
  );
  return { available: true, closedDeals: n, baseWinRate: baseRate, rows };
}

/**
 * Per value of one committee column, its win rate's interval over accounts: `clusterRate`'s
 * sandwich interval, from sums DuckDB computes over (value, account) counts instead of a row per
 * pair read into JavaScript. The sum of squares is exact (integers in HUGEINT):
 * sum((w - p n)^2) = sum((N w - K n)^2) / N^2 with K, N the value's won and closed deals.
 */
async function accountIntervals(
  dataset: Dataset,
  col: string,
): Promise<Map<string, { lo: number; hi: number }>> {
  const sums = await dataset.db.all(
    `WITH per AS (
       SELECT ${col} AS v, account_id, count(DISTINCT deal_id) AS n, count(DISTINCT deal_id) FILTER (WHERE won) AS w
       FROM _committee WHERE ${col} IS NOT NULL GROUP BY 1, 2),
     tot AS (SELECT v, sum(n) AS n, sum(w) AS k, count(*) FILTER (WHERE n > 0) AS m FROM per GROUP BY v)
     SELECT t.v, t.n, t.k, t.m,
       sum(CAST(t.n * p.w - t.k * p.n AS HUGEINT) * CAST(t.n * p.w - t.k * p.n AS HUGEINT)) AS s
     FROM per p JOIN tot t USING (v) GROUP BY ALL`,
  );
  const out = new Map<string, { lo: number; hi: number }>();
  for (const r of sums) {
    const rate = clusterRateFromSums(num(r.k), num(r.n), num(r.m), num(r.s));
    if (rate) out.set(str(r.v) ?? '', { lo: rate.lo, hi: rate.hi });
  }
  return out;
}
