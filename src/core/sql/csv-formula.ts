import { quoteIdent, quoteLiteral } from './quote.js';

/**
 * CSV formula injection ("CSV injection", OWASP): a spreadsheet opening a CSV runs a cell that
 * starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`, `=cmd|...`), and a leading
 * tab or carriage return can hide such a start. OWASP's remedy, used here, is a single quote
 * before the cell: spreadsheets then show the text as it was, and the quote marks it as text.
 *
 * Two kinds of cell are left alone although they start so, because neither can be a formula:
 * - a plain number: an optional sign, digits (with or without thousands commas), at most one
 *   decimal point, an optional exponent, nothing else: `-12.5`, `+3`, `-1,200.50`, `1e-5`. So
 *   negative numbers stay numbers. No spaces, currency signs or percent: `+44 20 7946 0000` (a
 *   phone number with spaces) is neutralised, as `+44 20...` would be a formula, while
 *   `+442079460000` is a number either way;
 * - a lone `-`, the usual mark for "no value" in exports (the engine reads it as missing, so a
 *   scored file scores the same when scored again).
 */

/** The first characters that make a spreadsheet read a cell as a formula. */
export const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'] as const;

/** A whole cell left alone although it starts like a formula (see above), as a regular expression. */
export const LEFT_ALONE_PATTERN =
  '-|[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)([.][0-9]*)?([eE][+-]?[0-9]+)?|[+-]?[.][0-9]+([eE][+-]?[0-9]+)?';

const LEFT_ALONE = new RegExp(`^(${LEFT_ALONE_PATTERN})$`);
const STARTS = new Set<string>(FORMULA_STARTS);
/** The starts as SQL: tab and CR as chr() calls, so the SQL text stays printable. */
const STARTS_SQL = FORMULA_STARTS.map((c) =>
  c === '\t' ? 'chr(9)' : c === '\r' ? 'chr(13)' : quoteLiteral(c),
).join(', ');

/**
 * A cell's text made safe to open in a spreadsheet: a `'` before it when it starts like a
 * formula and is not a plain number (or a lone `-`).
 *
 * @example neutraliseFormula('=HYPERLINK("x")') // => `'=HYPERLINK("x")`
 * @example neutraliseFormula('-12.5') // => '-12.5'
 */
export function neutraliseFormula(text: string): string {
  return STARTS.has(text.charAt(0)) && !LEFT_ALONE.test(text) ? `'${text}` : text;
}

/** DuckDB SQL doing what `neutraliseFormula` does, to a VARCHAR expression (NULL stays NULL). */
export function neutraliseFormulaSql(text: string): string {
  // Parenthesised: `x::VARCHAR[1]` would be a cast to an array type. The cheap test on the
  // first character runs first; the pattern only for the cells it selects. list_contains, not
  // IN: DuckDB runs an IN list of six constants as a join, which gave a streamed COPY's rows
  // back out of the input's order (see core/parse/cell-sql.ts inListSql).
  //
  // Before both, one or two comparisons of the whole cell settle most cells: strings compare
  // byte by byte (the engine sets no collation), so a cell whose first byte is 'A' or above (a
  // letter, any non-ASCII character) or in '.' to '<' (a digit, '.', '/', ':', ';', '<') cannot
  // start with a formula start, all of which are below 'A' and outside that range. On a million
  // generated accounts' 14 columns the guard halves the neutraliser's CPU (0.97 -> 0.44 CPU-s).
  const t = `(${text})`;
  return `CASE WHEN ${t} >= 'A' OR (${t} >= '.' AND ${t} < '=') THEN ${t} WHEN list_contains([${STARTS_SQL}], ${t}[1]) AND NOT regexp_full_match(${t}, ${quoteLiteral(LEFT_ALONE_PATTERN)}) THEN '''' || ${t} ELSE ${t} END`;
}

/**
 * DuckDB SQL undoing `neutraliseFormulaSql`, for the engine reading back a CSV it wrote: a
 * leading `'` followed by a formula start is taken for the one it added. (A raw cell that
 * already began with `'=` would lose its quote; the engine only reads back its own output.)
 */
export function restoreFormulaSql(text: string): string {
  const t = `(${text})`;
  return `CASE WHEN ${t}[1] = '''' AND list_contains([${STARTS_SQL}], ${t}[2]) THEN ${t}[2:] ELSE ${t} END`;
}

/**
 * The select list that reads back a CSV written with `csvSelectList`, read with
 * `all_varchar = true` and `names` set to the original column names: every cell restored.
 */
export function restoreSelectList(names: readonly string[]): string {
  return names.map((n) => `${restoreFormulaSql(quoteIdent(n))} AS ${quoteIdent(n)}`).join(', ');
}

/** A column to write to CSV: its name in the relation, its DuckDB type, the header to give it. */
export interface CsvColumn {
  readonly name: string;
  readonly type: string;
  /** The header written for it (default: the name). */
  readonly label?: string;
}

/**
 * Types DuckDB writes as numbers, booleans, dates, times or UUIDs: the engine formats them, so
 * no cell of theirs can be a formula (a negative number is a number). Every other type (text,
 * JSON, ENUM, lists, structs, blobs) can carry any text and is neutralised.
 */
const FORMATTED_TYPE =
  /^(BOOLEAN|U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\)|DATE|TIME|TIME WITH TIME ZONE|TIMESTAMP(_S|_MS|_NS)?|TIMESTAMP WITH TIME ZONE|INTERVAL|UUID)$/i;

/**
 * The select list that writes `columns` to CSV with every text cell and every header
 * neutralised (`raw`: exactly as they are), for `COPY (SELECT <list> FROM ...) TO ... (FORMAT
 * csv)`. The work stays in DuckDB: one CASE per text cell, no row reaches JavaScript.
 *
 * @example csvSelectList([{ name: 'note', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }])
 */
export function csvSelectList(
  columns: readonly CsvColumn[],
  options: { readonly raw?: boolean } = {},
): string {
  const { raw = false } = options;
  return columns
    .map((c) => {
      const label = c.label ?? c.name;
      const column = quoteIdent(c.name);
      if (raw) return `${column} AS ${quoteIdent(label)}`;
      const value = FORMATTED_TYPE.test(c.type.trim())
        ? column
        : neutraliseFormulaSql(
            c.type.trim().toUpperCase() === 'VARCHAR' ? column : `CAST(${column} AS VARCHAR)`,
          );
      return `${value} AS ${quoteIdent(neutraliseFormula(label))}`;
    })
    .join(', ');
}
