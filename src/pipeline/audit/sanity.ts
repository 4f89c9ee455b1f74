import { percent } from '../../core/format/percent.js';
/** The figures a sanity check reads: per tier NRR, and the totals of revenue and cost. */
export interface SanityInput {
  readonly tiers: readonly { readonly tier: string; readonly netRevenueRetention: number | null }[];
  readonly revenue: number | null;
  readonly costToServe: number | null;
  /** Customers whose revenue sums to less than zero. */
  readonly negativeRevenue: number;
}

/**
 * Warnings on values that are legal but implausible, so a headline built on them is not
 * repeated unchecked: net revenue retention above 200%, negative revenue, support costing
 * more than all revenue. Each names the figure and what to check.
 *
 * @example sanityWarnings({ tiers: [{ tier: 'A', netRevenueRetention: 2.4 }], revenue: 1, costToServe: 0, negativeRevenue: 0 })
 */
export function sanityWarnings(s: SanityInput): string[] {
  const out: string[] = [];
  const high = s.tiers.filter((t) => t.netRevenueRetention !== null && t.netRevenueRetention > 2);
  if (high.length > 0) {
    const values = high.map((t) => t.netRevenueRetention as number);
    const range =
      values.length > 1
        ? `${percent(Math.min(...values))}-${percent(Math.max(...values))}`
        : percent(values[0] as number);
    const where =
      high.length === s.tiers.filter((t) => t.netRevenueRetention !== null).length
        ? 'in every tier'
        : `in tier${high.length > 1 ? 's' : ''} ${high.map((t) => t.tier).join(', ')}`;
    out.push(
      `net revenue retention is ${range} ${where}: above 200% is rare; check that overlapping subscriptions or invoices of one account are not counted twice and that amounts are monthly`,
    );
  }
  if (s.negativeRevenue > 0)
    out.push(
      `${s.negativeRevenue.toLocaleString('en-US')} customer${s.negativeRevenue === 1 ? ' has' : 's have'} negative revenue in total: credit notes larger than the invoices; check the amounts' signs`,
    );
  if (s.revenue !== null && s.costToServe !== null && s.costToServe > s.revenue && s.revenue >= 0)
    out.push(
      `support costs ${s.revenue > 0 ? `${(s.costToServe / s.revenue).toFixed(1)} times` : 'more than'} all revenue: check value.support_cost_per_minute and the unit of the tickets' minutes`,
    );
  return out;
}
