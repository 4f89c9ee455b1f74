import { type DeriveRule, deriveSql } from '../../core/parse/derive.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num, str } from '../../data/db/database.js';
import type { DerivedPart } from '../../data/load/infer-parts.js';
import {
  type InferredType,
  type Unreadable,
  unreadableSentence,
} from '../../data/load/infer-types.js';
import { distinctValues } from '../../data/load/column-values.js';
import { dateExpr, numberExpr, textExpr } from '../../data/load/parse-sql.js';
import type { Candidate } from './prepare-attributes.js';

/** A source column to turn into attributes: its SQL (raw text or a loaded value) and type. */
export interface PlannedColumn {
  /** The column name scoring looks up: the header (a derived attribute's `from`). */
  readonly name: string;
  /** SQL of the column's value in the FROM clause the plan is selected from. */
  readonly sql: string;
  readonly type: InferredType;
}

/** Attributes made from columns: what to select, the candidates, how derived ones are computed. */
export interface AttributePlan {
  /** `expression AS "name"` items for the attribute view. */
  readonly select: readonly string[];
  /** The column each `select` item is computed from (its `PlannedColumn.name`), in order. */
  readonly sources?: readonly string[];
  /** The name each `select` item is selected as, in order. */
  readonly names?: readonly string[];
  readonly candidates: readonly Candidate[];
  /** Derived attributes by name: stored in the ICP so scoring computes them the same way. */
  readonly derive: ReadonlyMap<string, DeriveRule>;
  readonly excluded: readonly { attribute: string; reason: string }[];
  /** Sentences for the ICP's findings: cells read as missing, the as-of date. */
  readonly notes: readonly string[];
}

/** An age reads in years when the middle 80% of the dates span at least this many days. */
const YEARS_SPAN_DAYS = 730;

/**
 * Plans the attributes of typed columns: numbers and categories as they are; a date as its
 * age at `asOf` (years or days, by the spread of the dates); a list as one has-X attribute per
 * frequent item; a date broken into parts left out. `from` is the FROM clause the columns' SQL
 * refers to. The raw column of every derived attribute is selected too, under its own name,
 * so scoring over the attribute view finds it.
 */
export async function planAttributes(
  db: Database,
  from: string,
  columns: readonly PlannedColumn[],
  options: { asOf: string | undefined; parts: ReadonlyMap<string, DerivedPart> },
): Promise<AttributePlan> {
  const select: string[] = [];
  const sources: string[] = [];
  const names: string[] = [];
  const candidates: Candidate[] = [];
  const derive = new Map<string, DeriveRule>();
  const excluded: { attribute: string; reason: string }[] = [];
  const notes: string[] = [];
  const spans = await dateSpans(db, from, columns);
  for (const c of columns) {
    const part = options.parts.get(c.name);
    if (part) {
      excluded.push({
        attribute: c.name,
        reason: `the ${part.part} of ${part.of}, which enters as its age`,
      });
      continue;
    }
    const text = textExpr(c.sql);
    const t = c.type;
    const item = (sql: string, name: string) => {
      select.push(`${sql} AS ${quoteIdent(name)}`);
      sources.push(c.name);
      names.push(name);
    };
    const add = (name: string, kind: Candidate['kind'], sql: string, rule?: DeriveRule) => {
      item(sql, name);
      candidates.push({ name, kind });
      if (rule) derive.set(name, rule);
    };
    if (t.kind === 'number') {
      add(c.name, 'numeric', numberExpr(text));
      if (t.unreadable.count > 0) notes.push(unreadableNote(c.name, t.unreadable, 'numbers'));
    } else if (t.kind === 'text' || t.kind === 'boolean') {
      add(c.name, 'categorical', text);
    } else if (t.kind === 'date') {
      if (options.asOf === undefined) continue;
      const years = (spans.get(c.name) ?? 0) >= YEARS_SPAN_DAYS;
      const rule: DeriveRule = {
        kind: years ? 'age_years' : 'age_days',
        from: c.name,
        as_of: options.asOf,
        ...(t.formats.length > 0 ? { formats: [...t.formats] } : {}),
      };
      item(text, c.name);
      add(
        `${c.name} (${years ? 'years' : 'days'} ago)`,
        'numeric',
        deriveSql('duckdb', rule, c.sql),
        rule,
      );
      if (t.unreadable.count > 0) notes.push(unreadableNote(c.name, t.unreadable, 'dates'));
    } else {
      item(text, c.name);
      for (const item of t.items) {
        const rule: DeriveRule = {
          kind: 'has',
          from: c.name,
          value: item.key,
          separator: t.separator,
        };
        add(`${c.name} has ${item.label}`, 'categorical', deriveSql('duckdb', rule, c.sql), rule);
      }
      excluded.push({
        attribute: c.name,
        reason: `a list ("${t.separator}"-separated): enters as ${t.items.length} has-value attribute${t.items.length === 1 ? '' : 's'} (its most frequent values)`,
      });
    }
  }
  return { select, sources, names, candidates, derive, excluded, notes };
}

/** "funding_total_usd: 13 of 16,222 filled cells are not numbers and are read as missing: ...". */
export function unreadableNote(name: string, u: Unreadable, what: 'numbers' | 'dates'): string {
  return `${name}: ${unreadableSentence(u, what)}`;
}

/**
 * The latest date in the date columns, YYYY-MM-DD, with the column holding it. Each column's
 * distinct cells are parsed once (`distinctValues`): the latest of them is the latest of the rows.
 */
export async function latestDate(
  db: Database,
  from: string,
  columns: readonly PlannedColumn[],
): Promise<{ date: string; column: string } | undefined> {
  const dates = columns.filter((c) => c.type.kind === 'date');
  if (dates.length === 0) return undefined;
  const parts = dates.map((c) =>
    c.type.kind === 'date'
      ? `SELECT ${quoteLiteral(c.name)} AS c, max(${dateExpr(textExpr('v0'), c.type.formats)}) AS d FROM ${distinctValues(from, [c.sql])}`
      : '',
  );
  const row = await db.one(
    `SELECT c, CAST(d AS VARCHAR) AS d FROM (${parts.join(' UNION ALL ')}) WHERE d IS NOT NULL ORDER BY d DESC, c LIMIT 1`,
  );
  const date = str(row?.d);
  return date ? { date, column: str(row?.c) ?? '' } : undefined;
}

/**
 * Per date column, the days between its 10th and 90th percentile dates. Each distinct cell is
 * parsed once and its day number repeated for its rows (`unnest(range(c))`: integers, no
 * parsing), so the percentiles are those of the rows exactly, by the same `quantile_disc`.
 */
export async function dateSpans(
  db: Database,
  from: string,
  columns: readonly PlannedColumn[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const c of columns) {
    if (c.type.kind !== 'date') continue;
    const d = dateExpr(textExpr('v0'), c.type.formats);
    const days = `SELECT date_diff('day', DATE '1970-01-01', ${d}) AS e, c FROM ${distinctValues(from, [c.sql])}`;
    const row = await db.one(
      `SELECT quantile_disc(e, 0.9) - quantile_disc(e, 0.1) AS s FROM (SELECT e, unnest(range(c)) FROM (${days}) WHERE e IS NOT NULL)`,
    );
    out.set(c.name, num(row?.s));
  }
  return out;
}
