import type { SourceConfig } from '../../core/config/schema.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { tableSpec, type TableName } from '../../core/model/canonical.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import type { ResolvedColumns } from '../source/resolve-columns.js';
import { dateExpr, GUESSABLE_DATE_FORMATS, textExpr } from './parse-sql.js';

/**
 * Picks the strftime formats of each date column: the config's when given; none when every
 * value is ISO; else the first common format that reads every value, with a warning that it
 * was guessed (the config's date_format makes it certain).
 */
export async function chooseDateFormats(
  db: Database,
  raw: RawSource,
  resolved: ResolvedColumns,
  source: SourceConfig,
  issues: DataIssue[],
): Promise<Record<string, readonly string[]>> {
  const spec = tableSpec(raw.table as TableName);
  const configured = source.date_format;
  const out: Record<string, readonly string[]> = {};
  for (const [canonical, col] of Object.entries(resolved.mapped)) {
    if (spec.columns[canonical]?.type !== 'date' || col.epoch) continue;
    if (configured !== undefined) {
      out[canonical] = typeof configured === 'string' ? [configured] : configured;
      continue;
    }
    const header = quoteIdent(col.header);
    const text = textExpr(`r.${header}`);
    // Each distinct cell parsed once, weighted by its rows: a date column repeats its days. The
    // test sits in a FILTER, which DuckDB cannot push below the GROUP BY to every row as it
    // would a WHERE on the grouped column.
    const cells = `(SELECT ${header}, count(*) AS c FROM ${raw.rawTable} GROUP BY 1) AS r`;
    const failures = async (formats: readonly string[]) =>
      num(
        (
          await db.one(
            `SELECT coalesce(sum(c) FILTER (WHERE ${text} IS NOT NULL AND ${dateExpr(text, formats)} IS NULL), 0) AS n FROM ${cells}`,
          )
        )?.n,
      );
    if ((await failures([])) === 0) continue;
    for (const format of GUESSABLE_DATE_FORMATS) {
      if ((await failures([format])) === 0) {
        out[canonical] = [format];
        issues.push({
          severity: 'warning',
          code: 'date_format_guess',
          table: raw.table,
          file: raw.file,
          column: col.header,
          count: 1,
          message: `${raw.file}, column "${col.header}": dates are not YYYY-MM-DD; read them as "${format}". Set sources.${raw.table}.date_format: "${format}" to make it certain.`,
        });
        break;
      }
    }
  }
  return out;
}
