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
 * Quotes a string literal for DuckDB and PostgreSQL: single quotes doubled; a value holding a
 * backslash is written as an escape string, `E'...'`, with each backslash doubled. A plain
 * `'a\b'` means a-backslash-b only while PostgreSQL's `standard_conforming_strings` is on
 * (the default since 9.1); with it off the backslash starts an escape and the value changes.
 * `E'...'` reads the same under either setting, and DuckDB reads it the same way, so one
 * quoting serves both dialects whatever the server's settings.
 *
 * @example quoteLiteral("O'Brien") // => "'O''Brien'"
 * @example quoteLiteral('C:\\data') // => "E'C:\\\\data'"
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RangeError('a literal cannot contain a NUL character');
  const quoted = value.replaceAll("'", "''");
  return value.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}
