import type { DataIssue } from '../../core/issues/data-issue.js';
import { formatRows } from '../../core/issues/data-issue.js';
import type { CanonicalTable } from '../../core/model/canonical.js';
import { keySql } from '../../core/parse/cell-sql.js';
import { type Level, likelySynonyms } from '../../core/parse/likely-synonyms.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num, str } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import type { ResolvedColumns } from '../source/resolve-columns.js';
import type { ExtraColumn } from './extra-columns.js';
import { textExpr } from './parse-sql.js';
import type { Synonyms } from './synonyms.js';

/** Columns with more distinct values than this are names or free text, not checked. */
const MAX_LEVELS = 200;

/** A category column to check: its header, its key under `values:`, its trimmed-text SQL. */
export interface CategoryColumn {
  readonly header: string;
  readonly configKey: string;
  readonly text: string;
  /** Keys the config already maps to a label (`values:`): pairs it settles are not repeated. */
  readonly mapped?: ReadonlyMap<string, string>;
}

/**
 * The category columns of a table worth checking: canonical text columns but names and
 * domains, and extra columns read as categories (yes-or-no columns aside).
 */
export function categoryColumns(
  spec: CanonicalTable,
  resolved: ResolvedColumns,
  exprs: Readonly<Record<string, { text: string }>>,
  extras: readonly ExtraColumn[],
  synonyms: Synonyms,
): CategoryColumn[] {
  const canonical = Object.entries(resolved.mapped).flatMap(([name, col]) => {
    const text = exprs[name]?.text;
    if (spec.columns[name]?.type !== 'string' || ['name', 'domain'].includes(name) || !text)
      return [];
    const mapped = synonyms.get(name);
    return [{ header: col.header, configKey: name, text, ...(mapped ? { mapped } : {}) }];
  });
  const extra = extras.flatMap((x) => {
    if (x.inferred.kind !== 'text') return [];
    const mapped = synonyms.get(x.name);
    const text = textExpr(`r.${quoteIdent(x.header)}`);
    return [{ header: x.header, configKey: x.header, text, ...(mapped ? { mapped } : {}) }];
  });
  return [...canonical, ...extra];
}

/**
 * Warnings for category values that may be one category spelled two ways ("Fin Tech" and
 * "Fintech", "SaaS" and "Software as a Service"), with their row counts and the `values:`
 * lines that would merge them. A suggestion: nothing is merged unless the config says so.
 */
export async function likelySynonymIssues(
  db: Database,
  raw: Pick<RawSource, 'rawTable' | 'file' | 'table'>,
  columns: readonly CategoryColumn[],
): Promise<DataIssue[]> {
  const issues: DataIssue[] = [];
  for (const c of columns) {
    // Each distinct cell trimmed once, weighted by its rows. The empty spelling is dropped
    // above the window (count(x) skips it), where DuckDB cannot push the test down to every row.
    const h = quoteIdent(c.header);
    const rows = await db.all(
      `SELECT k, v, n FROM (SELECT ${keySql('duckdb', 'x')} AS k, x AS v, sum(c) AS n,
         count(x) OVER () AS spellings FROM (SELECT ${c.text} AS x, r.c
           FROM (SELECT ${h}, count(*) AS c FROM ${raw.rawTable} GROUP BY 1) AS r)
         GROUP BY x) WHERE v IS NOT NULL AND spellings <= ${MAX_LEVELS * 4} ORDER BY k, n DESC, v`,
    );
    const levels = new Map<string, { key: string; label: string; count: number }>();
    for (const r of rows) {
      const key = str(r.k) ?? '';
      const level = levels.get(key);
      if (level) level.count += num(r.n);
      else levels.set(key, { key, label: str(r.v) ?? '', count: num(r.n) });
    }
    if (levels.size < 2 || levels.size > MAX_LEVELS) continue;
    const settled = (a: Level, b: Level) =>
      c.mapped !== undefined &&
      c.mapped.get(a.key) !== undefined &&
      c.mapped.get(a.key) === c.mapped.get(b.key);
    for (const s of likelySynonyms([...levels.values()])) {
      if (settled(s.keep, s.other)) continue;
      const why = {
        spacing: 'spaced apart',
        spelling: 'spelled alike',
        prefix: 'one begins the other',
        acronym: 'one is the initials of the other',
      }[s.why];
      issues.push({
        severity: 'warning',
        code: 'likely_synonym',
        table: raw.table,
        file: raw.file,
        column: c.header,
        value: s.other.label,
        count: s.other.count,
        message: `${raw.file}, column "${c.header}": ${JSON.stringify(s.other.label)} (${formatRows(s.other.count)}) and ${JSON.stringify(s.keep.label)} (${formatRows(s.keep.count)}) may be one category (${why}). If they are, add to the config: sources.${raw.table}.values: { ${JSON.stringify(c.configKey)}: { ${JSON.stringify(s.keep.label)}: [${JSON.stringify(s.other.label)}] } }`,
      });
    }
  }
  return issues;
}
