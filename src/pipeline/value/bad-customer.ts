/**
 * A bad customer, as a SQL condition over the value table's columns (`computeCustomerValue`):
 * churned, costing more to serve than it pays (cost_share above 1), or of negative net value.
 * The one definition behind discovery's bad-value outcome, verify's "bad" rate and the audit's
 * hidden sub-segments; a missing column value counts as not bad. `alias` qualifies the columns
 * when the query joins other tables.
 *
 * @example badCustomerSql('v') // => "(coalesce(v.churned, false) OR coalesce(v.cost_share, 0) > 1 OR coalesce(v.net_value, 0) < 0)"
 */
export function badCustomerSql(alias?: string): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `(coalesce(${column('churned')}, false) OR coalesce(${column('cost_share')}, 0) > 1 OR coalesce(${column('net_value')}, 0) < 0)`;
}
