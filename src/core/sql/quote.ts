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
 * quoting serves both dialects whatever the server's settings. Control characters but tab and
 * line feed are written as `\xNN` escapes in an `E'...'` (see `CONTROL`).
 *
 * @example quoteLiteral("O'Brien") // => "'O''Brien'"
 * @example quoteLiteral('C:\\data') // => "E'C:\\\\data'"
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RangeError('a literal cannot contain a NUL character');
  const quoted = value.replaceAll("'", "''");
  if (!value.includes('\\') && !CONTROL.test(value)) return `'${quoted}'`;
  return `E'${quoted.replaceAll('\\', '\\\\').replace(CONTROLS, (c) => `\\x${hex(c)}`)}'`;
}

/**
 * The control characters a literal writes as escapes (`\xNN` in `E'...'`), never as they are:
 * the CLI shows such a character as the text `\x0d` (a terminal must not act on it), which
 * inside a printed literal would be four other characters (`icp sql`'s trim set held a carriage
 * return and its printed SQL trimmed "0" from cells), and editors rewrite line ends. Tab and line
 * feed stay: the CLI prints them as they are. DuckDB reads `\xNN` for one byte only, so the C1
 * controls (U+0080 to U+009F) are not escaped here: `quoteText` writes them as `chr(N)` where
 * an expression may stand (the CLI shows a raw one as `\u00NN`).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROL = /[\x01-\x08\x0b-\x1f\x7f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROLS = /[\x01-\x08\x0b-\x1f\x7f]/g;
const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');

/**
 * A string literal where an SQL expression may stand (not a path in `COPY ... TO`): as
 * `quoteLiteral`, but a value holding a C1 control character (U+0080 to U+009F) is written as
 * its pieces joined by `||`, each C1 character as `chr(N)`, in parentheses. Neither DuckDB
 * (whose `E'...'` reads `\xNN` as one byte and has no `\u`) nor a printable text can carry one
 * otherwise: the CLI shows it as the six characters `\u0085`, so SQL that `icp sql` printed
 * compared a category with another text. `chr` gives the code point in DuckDB and in a UTF-8
 * PostgreSQL database.
 *
 * @example quoteText('a\u0085b') // => "('a' || chr(133) || 'b')"
 */
export function quoteText(value: string): string {
  if (!C1.test(value)) return quoteLiteral(value);
  const parts: string[] = [];
  let run = '';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (code < 0x80 || code > 0x9f) {
      run += c;
      continue;
    }
    if (run !== '') parts.push(quoteLiteral(run));
    parts.push(`chr(${code})`);
    run = '';
  }
  if (run !== '') parts.push(quoteLiteral(run));
  return `(${parts.join(' || ')})`;
}

const C1 = /[\x80-\x9f]/;
