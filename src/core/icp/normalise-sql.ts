import { normalizeHeader } from '../model/canonical.js';
import { keySql, knownKeySql, numberSql, rowTextSql, textSql } from '../parse/cell-sql.js';
import { type StagedLet, stageClickHouseLets } from '../parse/clickhouse-sql.js';
import { type DeriveRule, deriveSql } from '../parse/derive.js';
import type { Normaliser } from './bin-sql.js';
import type { IcpDefinition } from './definition.js';
import { type DialectSql, dialectSql } from './dialect-sql.js';
import { isZeroOne } from './score-record.js';
import { binKeys } from './to-bins.js';

/** The stages of the scoring SQL: texts, normalised values, bins, then points and texts. */
export type Stage = 's' | 'n' | 'b' | 'p';

/** A column a stage adds: its SQL and its alias. */
export interface StageColumn {
  readonly alias: string;
  readonly sql: string;
}

/** A `Normaliser` that also lists the text stage before it. */
export interface StagedNormaliser extends Normaliser {
  /**
   * DuckDB: each read column cast to text, once (stage c, before s); empty elsewhere (see
   * `normaliser`).
   */
  readonly casts: () => readonly StageColumn[];
  /**
   * DuckDB and PostgreSQL: each read column's trimmed text, once (stage s, before n); empty in
   * ClickHouse, whose lets stage the same text.
   */
  readonly texts: () => readonly StageColumn[];
  /** ClickHouse: the values its readings name, each a column of a nested SELECT (see `stagedSelects`). */
  readonly lets: () => ReadonlyMap<string, StagedLet>;
  /** The alias of a value `value` was asked for, for a later stage to name (else undefined). */
  readonly alias: (name: string, kind: 'key' | 'number') => string | undefined;
}

/**
 * Stage 1 (n): each attribute a bin or rule reads, as a category key or a number, normalised
 * once per row; `value` names it for the later stages and `stage` lists what was asked for.
 * In DuckDB each input column's trimmed text is a stage of its own (s) before it: a number is
 * read from its text in several steps (the length, a plain-number test, the cast, the full
 * pattern), and each step would otherwise trim and test the raw cell again. There the text
 * takes `rowTextSql`'s shortcuts (trimmed, compared with the null tokens only where it could
 * change), and a key `knownKeySql`'s (a cell spelt as a key the scorecard names is that key).
 * The text names its cell many times (27 for a column the generated ICP reads), so a column
 * that is not text (a typed Parquet file's integers and doubles) is cast to text once, in a
 * stage of its own (c) before it. PostgreSQL's text stage is `textSql` in a LATERAL of its own
 * (s), read by every value of the column; ClickHouse's lets already cast each column once.
 */
export function normaliser(
  d: DialectSql,
  resolve: (name: string) => string | undefined,
  derived: ReadonlyMap<string, DeriveRule>,
  zeroOne: ReadonlySet<string>,
  named: ReadonlyMap<string, readonly string[]>,
  at: (s: Stage) => string,
): StagedNormaliser {
  const normalised = new Map<string, StageColumn>();
  const casts = new Map<string, StageColumn>();
  const texts = new Map<string, StageColumn>();
  const lets = new Map<string, StagedLet>();
  const cast = (column: string) => {
    // An absent column is the literal NULL: nothing to read.
    if (column === 'NULL') return column;
    let found = casts.get(column);
    if (!found) {
      found = { alias: `__icp_c${casts.size}`, sql: `CAST(${column} AS ${d.text})` };
      casts.set(column, found);
    }
    return `src.${found.alias}`;
  };
  const text = (column: string) => {
    let found = texts.get(column);
    if (!found) {
      const sql =
        d.name === 'duckdb' ? fenced(d, rowTextSql(cast(column))) : textSql(d.name, column);
      found = { alias: `__icp_s${texts.size}`, sql };
      texts.set(column, found);
    }
    return `${d.name === 'duckdb' ? 'src.' : at('s')}${found.alias}`;
  };
  return {
    value: (name, kind) => {
      const id = `${kind}:${name}`;
      let found = normalised.get(id);
      if (!found) {
        const derive = derived.get(name);
        const cells: CellReaders | undefined =
          d.name === 'duckdb'
            ? { text, key: (t) => knownKeySql(t, named.get(name) ?? []) }
            : d.name === 'postgres'
              ? { text, key: (t) => keySql(d.name, t) }
              : undefined;
        const read = () =>
          normalisedValue(d, resolve, name, kind, derive, zeroOne.has(name), cells);
        const sql = d.name === 'clickhouse' ? stageClickHouseLets(lets, read) : read();
        found = { alias: `__icp_v${normalised.size}`, sql: fenced(d, sql) };
        normalised.set(id, found);
      }
      return `${at('n')}${found.alias}`;
    },
    stage: () => [...normalised.values()],
    casts: () => [...casts.values()],
    texts: () => [...texts.values()],
    lets: () => lets,
    alias: (name, kind) => normalised.get(`${kind}:${name}`)?.alias,
  };
}

/**
 * A value computed once per row in DuckDB. Under `ORDER BY ... LIMIT 50` or less (its late
 * materialisation) DuckDB merges the nested stages into one projection and repeats a value's
 * whole parsing expression wherever a later stage names it: one numeric attribute took 31 s
 * for 50 rows (23 ms with LIMIT 51). A volatile function is never repeated, so a condition on
 * `random()` that always holds keeps the value a column of its own (PostgreSQL's stages have
 * OFFSET 0 for the same reason). The fence also keeps DuckDB from finding the subexpressions a
 * value repeats, hence the text stage: what a value repeats is a column of the stage before.
 */
function fenced(d: DialectSql, sql: string): string {
  return d === dialectSql('duckdb') ? `CASE WHEN random() >= 0 THEN ${sql} END` : sql;
}

/** Per scorecard attribute, conditions over `src` that flag a value unlike the training data. */
export interface UnseenConditions {
  readonly attribute: string;
  /** Categorical: the value is filled in but none of the ICP's named categories (its "other" bin). */
  readonly other: string | null;
  /** Numeric with a stored training range: the number lies below its min or above its max. */
  readonly outOfRange: string | null;
}

/**
 * Per scorecard attribute, whether a row's value falls outside what the ICP saw in training:
 * a category it does not name, or a number outside the training range. `value` gives the SQL
 * of the attribute's normalised key or number. A condition is NULL or FALSE for a missing value.
 */
export function unseenConditions(
  icp: IcpDefinition,
  d: DialectSql,
  value: (name: string, kind: 'key' | 'number') => string,
): UnseenConditions[] {
  return (icp.scorecard?.attributes ?? []).map((attr) => {
    if (attr.kind === 'numeric') {
      const x = value(attr.name, 'number');
      return {
        attribute: attr.name,
        other: null,
        outOfRange: attr.range
          ? `((${x}) NOT BETWEEN ${d.lit(attr.range.min)} AND ${d.lit(attr.range.max)})`
          : null,
      };
    }
    const k = value(attr.name, 'key');
    const named = attr.bins.flatMap((b) =>
      b.bin.kind === 'categories' ? binKeys(b.bin.values) : [],
    );
    return {
      attribute: attr.name,
      other:
        named.length > 0
          ? `coalesce(NOT (${d.inList(`(${k})`, named.map(d.quoteLiteral))}), ${d.false})`
          : `((${k}) IS NOT NULL)`,
      outOfRange: null,
    };
  });
}

/**
 * `unseenConditions` over the columns of `src` (the input rows), the values normalised exactly
 * as in `compileScoreSql`, so "other" here is the row's bin there.
 */
export function compileUnseenSql(
  icp: IcpDefinition,
  options: {
    readonly dialect: DialectSql['name'];
    readonly columns?: readonly string[];
    readonly map?: Readonly<Record<string, string>>;
  },
): UnseenConditions[] {
  const resolve = columnResolver(options.columns, options.map);
  const d = dialectSql(options.dialect);
  const derived = deriveRules(icp, options.map);
  const zeroOne = zeroOneAttributes(icp);
  return unseenConditions(icp, d, (name, kind) =>
    normalisedValue(d, resolve, name, kind, derived.get(name), zeroOne.has(name)),
  );
}

/** How a value reads a column's cell: its trimmed text, and the category key of that text. */
interface CellReaders {
  readonly text: (column: string) => string;
  readonly key: (text: string) => string;
}

/**
 * An attribute of `src` as a category key or a number (NULL when missing or not one), read as
 * `scoreRecord` reads it (core/parse); a derived attribute is computed from its source column.
 * `cells` reads a column's text and key (by default `textSql` and `keySql`, in place).
 */
function normalisedValue(
  d: DialectSql,
  resolve: (name: string) => string | undefined,
  name: string,
  kind: 'key' | 'number',
  derive: DeriveRule | undefined,
  zeroOne = false,
  cells: CellReaders = { text: (c) => textSql(d.name, c), key: (t) => keySql(d.name, t) },
): string {
  const dialect = d.name;
  // ClickHouse's innermost stage reads the table without an alias.
  const column = (n: string) => {
    const c = resolve(n);
    if (c === undefined) return 'NULL';
    return dialect === 'clickhouse' ? d.quoteIdent(c) : `src.${d.quoteIdent(c)}`;
  };
  if (derive) {
    // A derived value is already what scoreRecord reads: "yes" / "no" (a key, never a number)
    // or a whole number of years or days, whose key is its digits as text.
    const value = deriveSql(dialect, derive, column(derive.from));
    if (derive.kind === 'has') return kind === 'key' ? value : `CAST(NULL AS ${d.nullDouble})`;
    if (kind === 'number') return value;
    return keySql(dialect, textSql(dialect, `CAST(CAST(${value} AS ${d.bigint}) AS ${d.text})`));
  }
  const cell = cells.text(column(name));
  return kind === 'key' ? cells.key(cell) : numberSql(dialect, cell, { booleans: zeroOne });
}

/** The category keys each categorical scorecard attribute's bins name. */
export function namedKeys(icp: IcpDefinition): Map<string, string[]> {
  return new Map(
    (icp.scorecard?.attributes ?? []).map((a) => [
      a.name,
      a.bins.flatMap((b) => (b.bin.kind === 'categories' ? binKeys(b.bin.values) : [])),
    ]),
  );
}

/** Numeric attributes that were 0 or 1 in training: there a BOOLEAN reads as 1 / 0. */
export function zeroOneAttributes(icp: IcpDefinition): Set<string> {
  return new Set((icp.scorecard?.attributes ?? []).filter(isZeroOne).map((a) => a.name));
}

/**
 * The derive rule of each derived attribute. With `--map` naming a column for the attribute
 * itself, the rule reads that column in place of its stored `from`.
 */
export function deriveRules(
  icp: IcpDefinition,
  map: Readonly<Record<string, string>> | undefined,
): Map<string, DeriveRule> {
  return new Map(
    (icp.scorecard?.attributes ?? []).flatMap((a) =>
      a.derive ? [[a.name, map?.[a.name] ? { ...a.derive, from: a.name } : a.derive] as const] : [],
    ),
  );
}

/** Finds an attribute's column among `columns`, ignoring case and punctuation, or by `map`. */
export function columnResolver(
  columns: readonly string[] | undefined,
  map: Readonly<Record<string, string>> | undefined,
): (name: string) => string | undefined {
  const byNormal = new Map<string, string>();
  for (const c of columns ?? [])
    if (!byNormal.has(normalizeHeader(c))) byNormal.set(normalizeHeader(c), c);
  return (attribute) => {
    const name = map?.[attribute] ?? attribute;
    if (!columns) return name;
    return columns.includes(name) ? name : byNormal.get(normalizeHeader(name));
  };
}
