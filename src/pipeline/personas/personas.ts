import { quoteIdent } from '../../core/sql/quote.js';
import { clusterRateFromSums } from '../../core/stats/cluster-rate.js';
import { num, type Row, str } from '../../data/db/database.js';
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
  // One row per committee member of a closed deal: a deal's distinct values are taken per
  // dimension below (a SELECT DISTINCT over every column here removed few rows, at the cost of
  // hashing them all). A deal is only counted, so it is named by its row in deals (one per
  // id: loading checks the ids), a number cheaper to hash than its text id.
  await dataset.db.run(`CREATE OR REPLACE TEMP TABLE _committee AS
    SELECT d.rowid AS deal_id, d.account_id, d.stage = 'won' AS won, ${dims.map((d) => `${pick(d)} AS ${quoteIdent(d)}`).join(', ')}
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
    for (const r of await valueSums(dataset, quoteIdent(d))) {
      const deals = num(r.n);
      if (deals < minDeals) continue;
      const won = num(r.k);
      const without = n - deals;
      const value = str(r.v) ?? '';
      const rate = clusterRateFromSums(won, deals, num(r.m), num(r.s));
      rows.push({
        dimension: d,
        value,
        deals,
        won,
        winRate: won / deals,
        interval: rate ? { lo: rate.lo, hi: rate.hi } : { lo: 0, hi: 1 },
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
 * Per value of one committee column: its closed deals `n` and won deals `k` (each deal once), its
 * accounts `m`, and the sum `s` behind `clusterRate`'s sandwich interval over accounts, from
 * counts per (value, account) in DuckDB instead of a row per pair read into JavaScript. The sum
 * of squares is exact (integers in HUGEINT): sum((w - p n)^2) = sum((N w - K n)^2) / N^2 with K, N
 * the value's won and closed deals. A deal's id is unique (loading checks it), so its account
 * and outcome are one: a value's deals counted once per (value, account, deal) are its deals,
 * with no count(DISTINCT) per group (which took twice as long, and a second query per column).
 */
async function valueSums(dataset: Dataset, col: string): Promise<Row[]> {
  return dataset.db.all(
    `WITH per AS (
       SELECT v, account_id, count(*) AS n, count(*) FILTER (WHERE won) AS w
       FROM (SELECT DISTINCT ${col} AS v, account_id, deal_id, won FROM _committee WHERE ${col} IS NOT NULL)
       GROUP BY 1, 2),
     tot AS (SELECT v, sum(n) AS n, sum(w) AS k, count(*) AS m FROM per GROUP BY v)
     SELECT t.v, t.n, t.k, t.m,
       sum(CAST(t.n * p.w - t.k * p.n AS HUGEINT) * CAST(t.n * p.w - t.k * p.n AS HUGEINT)) AS s
     FROM per p JOIN tot t USING (v) GROUP BY ALL`,
  );
}
