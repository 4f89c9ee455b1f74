/**
 * SUM of a numeric expression that gives the same double every run: DuckDB sums doubles in
 * parallel and the order of the partial sums varies, so the last digits would too. Summing
 * as a wide DECIMAL is exact, hence independent of the order. `decimals` keeps more digits for
 * small quantities (expected counts and their squares).
 *
 * @example exactSum('amount') // => "CAST(sum(CAST(amount AS DECIMAL(38, 6))) AS DOUBLE)"
 */
export function exactSum(expr: string, filter?: string, decimals = 6): string {
  return `CAST(sum(CAST(${expr} AS DECIMAL(38, ${decimals})))${filter ? ` FILTER (WHERE ${filter})` : ''} AS DOUBLE)`;
}
