import type { IcpDefinition } from '../../core/icp/definition.js';
import { normalizeHeader } from '../../core/model/canonical.js';
import { quoteIdent } from '../../core/sql/quote.js';
import type { AccountColumn } from '../../core/dashboard/dashboard-summary.js';

/** The dashboard's columns of accounts and the SQL that selects them (see `planAccountColumns`). */
export interface AccountColumnPlan {
  /** Id, name when the accounts carry one, tier, score, money and churn. */
  readonly fixed: readonly AccountColumn[];
  /** The scorecard's attributes found among the attribute columns, under keys that stay unique. */
  readonly attributes: readonly { readonly source: string; readonly column: AccountColumn }[];
  /** Select list over the audit's accounts `a`, the attributes `t` and the accounts `n`. */
  readonly select: readonly string[];
  /** What the search box reads. */
  readonly searched: readonly string[];
}

/**
 * The dashboard's columns (pure): the fixed ones, then each attribute of the ICP's scorecard (or
 * its eight strongest attributes without one) found among `attributeColumns` (names matched as scoring matches headers), keyed so that no key repeats
 * another in any case (DuckDB names ignore case).
 */
export function planAccountColumns(
  attributeColumns: readonly string[],
  icp: Pick<IcpDefinition, 'scorecard' | 'evidence'>,
  hasName: boolean,
): AccountColumnPlan {
  const wanted = icp.scorecard
    ? icp.scorecard.attributes.map((a) => a.name)
    : icp.evidence.slice(0, 8).map((e) => e.attribute);
  const byKey = new Map(attributeColumns.map((c) => [normalizeHeader(c), c]));
  const fixed: AccountColumn[] = [
    { key: 'account_id', label: 'Account', kind: 'text' },
    ...(hasName ? [{ key: 'name', label: 'Name', kind: 'text' } as const] : []),
    { key: 'tier', label: 'Tier', kind: 'text' },
    { key: 'score', label: 'Score', kind: 'number' },
    { key: 'revenue', label: 'Revenue', kind: 'number', unit: 'money' },
    { key: 'cost_to_serve', label: 'Cost to serve', kind: 'number', unit: 'money' },
    { key: 'net_value', label: 'Net value', kind: 'number', unit: 'money' },
    { key: 'churned', label: 'Churned', kind: 'boolean' },
  ];
  const taken = new Set([...fixed.map((c) => c.key.toLowerCase()), 'reasons', '_search']);
  const attributes: { source: string; column: AccountColumn }[] = [];
  for (const name of wanted) {
    const source = byKey.get(normalizeHeader(name));
    if (!source || attributes.some((a) => a.source === source)) continue;
    // DuckDB names ignore case: an attribute called "Revenue" must not shadow the money column.
    const key = taken.has(source.toLowerCase()) ? `${source} (attribute)` : source;
    taken.add(key.toLowerCase());
    attributes.push({ source, column: { key, label: name, kind: 'text', attribute: true } });
  }
  const select = [
    'a.account_id',
    ...(hasName ? ['n.name AS name'] : []),
    'a.tier',
    'round(a.icp_score, 1) AS score',
    'a.revenue_total AS revenue',
    'a.cost_to_serve',
    'a.net_value',
    'a.churned',
    ...attributes.map((x) => `t.${quoteIdent(x.source)} AS ${quoteIdent(x.column.key)}`),
    'a.icp_reasons AS reasons',
  ];
  const searched = [
    'a.account_id',
    ...(hasName ? ['n.name'] : []),
    'a.tier',
    'a.icp_reasons',
    ...attributes.map((x) => `t.${quoteIdent(x.source)}`),
  ];
  return { fixed, attributes, select, searched };
}
