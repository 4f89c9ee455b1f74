/**
 * Quotes an identifier for DuckDB and PostgreSQL: wrapped in double quotes, inner double
 * quotes doubled, so any header (even `x"; DROP TABLE t; --`) is one safe identifier.
 *
 * @example quoteIdent('Close Date') // => '"Close Date"'
 */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new RangeError('an identifier cannot contain a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a string literal for DuckDB and PostgreSQL (standard SQL: single quotes doubled).
 *
 * @example quoteLiteral("O'Brien") // => "'O''Brien'"
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RangeError('a literal cannot contain a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}
