/**
 * SUM of a numeric expression that gives the same double every run: DuckDB sums doubles in
 * parallel and the order of the partial sums varies, so the last digits would too. Summing
 * as a wide DECIMAL is exact, hence independent of the order. `decimals` keeps more digits for
 * small quantities (expected counts and their squares).
 *
 * A value too large for the DECIMAL (at 10^(28 - decimals) and beyond, so that ten billion of
 * them still fit its 38 digits) is summed as a double beside it instead of failing the whole
 * statement: an invoice of 1e35 in a user's file gives a sum, not an internal error. Such sums
 * are exact no more, which only values of that size can notice. NULL when no value is summed,
 * as SUM.
 *
 * @example exactSum('amount')
 * // => "coalesce(<decimal> + <double>, <decimal>, <double>)", each part a sum of its own values
 */
export function exactSum(expr: string, filter?: string, decimals = 6): string {
  const where = filter ? ` FILTER (WHERE ${filter})` : '';
  const bound = `1e${28 - decimals}`;
  const exact = `CAST(sum(CAST(CASE WHEN abs(${expr}) < ${bound} THEN ${expr} END AS DECIMAL(38, ${decimals})))${where} AS DOUBLE)`;
  const large = `sum(CASE WHEN abs(${expr}) >= ${bound} THEN ${expr} END)${where}`;
  return `coalesce(${exact} + ${large}, ${exact}, ${large})`;
}
