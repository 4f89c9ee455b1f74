import type { IcpDefinition } from '../../core/icp/definition.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { benjaminiHochberg, chiSquareTest } from '../../core/stats/multiple-testing.js';
import { wilsonRate } from '../../core/stats/rate.js';
import { type Database, num, str } from '../../data/db/database.js';
import type { AuditResult, AuditTables } from './audit.js';
import { badCustomerSql } from '../value/bad-customer.js';

/**
 * Sub-segments of tiers A-B that fare clearly worse than the rest of A-B (see
 * `hiddenSubSegments`), on the audit's accounts and the attributes they were tiered on: the
 * value's interval above the rest's, and its chi-square test against the rest significant after
 * the false discovery rate over every value tested (q <= 5%).
 */
export async function subSegments(
  db: Database,
  tables: Pick<AuditTables, 'accounts' | 'attributes'>,
  icp: IcpDefinition,
): Promise<AuditResult['hiddenSubSegments']> {
  const tested: (AuditResult['hiddenSubSegments'][number] & { p: number })[] = [];
  const attrs = (icp.scorecard?.attributes ?? []).filter((a) => a.kind === 'categorical');
  const columns = new Set(await db.columns(tables.attributes));
  for (const a of attrs) {
    if (!columns.has(a.name)) continue;
    const rows = await db.all(`WITH c AS (
        SELECT lower(trim(CAST(x.${quoteIdent(a.name)} AS VARCHAR))) AS v,
          ${badCustomerSql()}::INT AS bad
        FROM ${tables.accounts} u JOIN ${tables.attributes} x USING (account_id)
        WHERE u.tier IN ('A', 'B') AND u.is_customer)
      SELECT v, count(*) AS n, sum(bad) AS k, (SELECT count(*) FROM c) AS total, (SELECT sum(bad) FROM c) AS total_k
      FROM c WHERE v IS NOT NULL AND v <> '' GROUP BY v HAVING count(*) >= 20 ORDER BY v`);
    for (const r of rows) {
      const n = num(r.n);
      const k = num(r.k);
      const restN = num(r.total) - n;
      const restK = num(r.total_k) - k;
      if (restN <= 0) continue;
      // n >= 20 (HAVING) and restN > 0: both rates exist.
      const bad = wilsonRate(k, n)!;
      const restBad = wilsonRate(restK, restN)!;
      const p = chiSquareTest([n, restN], [k, restK]).p;
      tested.push({ attribute: a.name, value: str(r.v) ?? '', bad, restBad, p });
    }
  }
  // Every value of every attribute is a test: a value is named only when it stays clear of the
  // rest after the false discovery rate over all of them (Benjamini-Hochberg), not by one
  // non-overlap among dozens.
  const q = benjaminiHochberg(tested.map((t) => t.p));
  return tested
    .filter((t, i) => t.bad.lo > t.restBad.hi && (q[i] as number) <= 0.05)
    .map(({ p: _, ...t }) => t)
    .sort((x, y) => y.bad.rate - y.restBad.rate - (x.bad.rate - x.restBad.rate));
}
