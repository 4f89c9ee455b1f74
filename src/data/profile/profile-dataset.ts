import type { DataIssue } from '../../core/issues/data-issue.js';
import { type TableName, tableSpec } from '../../core/model/canonical.js';
import {
  type Capability,
  capabilities,
  type PresentColumns,
} from '../../core/model/capabilities.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { aggregateInBatches } from '../db/aggregate-in-batches.js';
import { type JsonValue, num, str } from '../db/database.js';
import type { LinkReport } from '../load/link-report.js';
import type { Dataset } from '../load/load-dataset.js';
import type { LoadedTable } from '../load/load-table.js';

export interface ColumnProfile {
  readonly name: string;
  /** The source header it came from. */
  readonly header: string;
  /** Canonical column, or an extra attribute kept from the file. */
  readonly role: 'canonical' | 'attribute';
  readonly type: string;
  readonly filled: number;
  readonly fillRate: number;
  readonly distinct: number;
  readonly min?: string | number;
  readonly max?: string | number;
  readonly mean?: number;
  /** Most frequent values, for columns that are not identifiers. */
  readonly top?: readonly { value: string; count: number }[];
}

export interface TableProfile {
  readonly table: TableName;
  readonly file: string;
  /** The export the file was recognised as, e.g. "HubSpot deals". */
  readonly shape?: string;
  readonly rows: number;
  /** Rows exactly equal to an earlier row (every column). */
  readonly duplicateRows: number;
  /** Rows whose account is missing or unknown (from the warnings). */
  readonly orphans: number;
  readonly columns: readonly ColumnProfile[];
}

export interface DataProfile {
  readonly tables: readonly TableProfile[];
  readonly capabilities: readonly Capability[];
  /** How each table that points at accounts linked to them: rate, methods, what is unlinked. */
  readonly links: readonly LinkReport[];
  readonly warnings: readonly DataIssue[];
}

const TOP = 5;

/** Profiles every loaded table in DuckDB: aggregate scans per table, one per top-values column. */
export async function profileDataset(dataset: Dataset): Promise<DataProfile> {
  const tables: TableProfile[] = [];
  const present: PresentColumns = {};
  for (const t of dataset.tables.values()) {
    const cols = profiledColumns(t);
    present[t.name] = cols.map((c) => c.name);
    tables.push(await profileTable(dataset, t, cols));
  }
  return {
    tables,
    capabilities: capabilities(present),
    links: dataset.links,
    warnings: dataset.warnings,
  };
}

interface ProfiledColumn {
  readonly name: string;
  readonly header: string;
  readonly role: ColumnProfile['role'];
}

/** The canonical columns the table has, then its extra attribute columns. */
function profiledColumns(t: LoadedTable): ProfiledColumn[] {
  const spec = tableSpec(t.name);
  const canonical = Object.keys(t.columns).filter((c) => c in spec.columns);
  return [
    ...canonical.map((c) => ({
      name: c,
      header: t.columns[c]!.header,
      role: 'canonical' as const,
    })),
    ...t.extras.map((x) => ({ name: x.name, header: x.header, role: 'attribute' as const })),
  ];
}

async function profileTable(
  dataset: Dataset,
  t: LoadedTable,
  cols: readonly ProfiledColumn[],
): Promise<TableProfile> {
  const table = quoteIdent(t.name);
  const types = new Map(
    (await dataset.db.all(`SELECT column_name, column_type FROM (DESCRIBE ${table})`)).map((r) => [
      str(r.column_name),
      str(r.column_type) ?? '',
    ]),
  );
  const agg = await aggregateInBatches(
    dataset.db,
    ['count(*) AS n', ...cols.flatMap((c, i) => columnAggregates(c.name, i, types))],
    table,
  );
  const all = cols.map((c) => quoteIdent(c.name)).join(', ');
  const dup = await dataset.db.one(
    `SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT ${all} FROM ${table})) AS d FROM ${table}`,
  );
  Object.assign(agg, await exactMeans(dataset, table, cols, agg, types));
  const rows = num(agg.n);
  const columns: ColumnProfile[] = [];
  for (const [i, c] of cols.entries())
    columns.push(await columnProfile(dataset, t.name, c, { i, agg, rows, types }));
  const shape = dataset.shapes.get(t.name);
  return {
    table: t.name,
    file: t.file,
    ...(shape ? { shape } : {}),
    rows,
    duplicateRows: num(dup?.d),
    orphans: orphanRows(dataset.warnings, t.name),
    columns,
  };
}

/** The aggregates of column `i`: filled and distinct, the range when ordered, the mean when numeric. */
function columnAggregates(name: string, i: number, types: ReadonlyMap<string | null, string>) {
  const id = quoteIdent(name);
  const type = types.get(name) ?? '';
  const numeric = /INT|DOUBLE|DECIMAL|FLOAT/.test(type);
  const ordered = numeric || type === 'DATE';
  return [
    `count(${id}) AS f${i}`,
    `count(DISTINCT ${id}) AS d${i}`,
    ...(ordered
      ? [`CAST(min(${id}) AS VARCHAR) AS lo${i}`, `CAST(max(${id}) AS VARCHAR) AS hi${i}`]
      : []),
    ...(numeric ? [`avg(${id}) AS m${i}`] : []),
  ];
}

const DOUBLE = /^(DOUBLE|FLOAT|REAL)$/;

/**
 * The means of the table's double columns again, summed exactly (`m${i}` replaced): `avg` of
 * doubles moves in its last digits from run to run with the order of DuckDB's parallel partial
 * sums. Each column is summed as a DECIMAL(38, d) whose scale `d` leaves room for `filled`
 * values as large as its largest (from its min and max), so the sum is exact for every value
 * rounded to d decimals and the same in every order. A column whose values are not finite, or
 * too large for any scale, keeps `avg`.
 */
async function exactMeans(
  dataset: Dataset,
  table: string,
  cols: readonly ProfiledColumn[],
  agg: Record<string, JsonValue>,
  types: ReadonlyMap<string | null, string>,
): Promise<Record<string, JsonValue>> {
  const sums: string[] = [];
  const filled = new Map<number, number>();
  for (const [i, c] of cols.entries()) {
    if (!DOUBLE.test(types.get(c.name) ?? '') || num(agg[`f${i}`]) === 0) continue;
    const largest = Math.max(Math.abs(Number(agg[`lo${i}`])), Math.abs(Number(agg[`hi${i}`])));
    const total = largest * num(agg[`f${i}`]);
    const d = total === 0 ? 0 : Math.min(38, Math.floor(36 - Math.log10(total)));
    if (!Number.isFinite(total) || d < 0) continue;
    sums.push(`CAST(sum(CAST(${quoteIdent(c.name)} AS DECIMAL(38, ${d}))) AS DOUBLE) AS m${i}`);
    filled.set(i, num(agg[`f${i}`]));
  }
  if (sums.length === 0) return {};
  const exact = await aggregateInBatches(dataset.db, sums, table);
  return Object.fromEntries([...filled].map(([i, n]) => [`m${i}`, num(exact[`m${i}`]) / n]));
}

async function columnProfile(
  dataset: Dataset,
  table: TableName,
  c: ProfiledColumn,
  scan: {
    i: number;
    agg: Record<string, JsonValue>;
    rows: number;
    types: ReadonlyMap<string | null, string>;
  },
): Promise<ColumnProfile> {
  const { i, agg, rows } = scan;
  const spec = tableSpec(table);
  const type = scan.types.get(c.name) ?? '';
  const filled = num(agg[`f${i}`]);
  const distinct = num(agg[`d${i}`]);
  const isId =
    (spec.columns[c.name]?.type === 'id' && c.name !== 'account_id') || c.name === spec.key;
  // Top values only where they say something: not for ids, nor for columns of mostly unique values.
  const top =
    !isId && distinct > 0 && distinct < Math.max(50, filled * 0.5)
      ? await topValues(dataset, table, c.name, /INT|DOUBLE|DECIMAL|FLOAT/.test(type))
      : undefined;
  return {
    name: c.name,
    header: c.header,
    role: c.role,
    type: type.toLowerCase(),
    filled,
    fillRate: rows === 0 ? 0 : filled / rows,
    distinct,
    ...optional('min', orderedValue(agg[`lo${i}`], type)),
    ...optional('max', orderedValue(agg[`hi${i}`], type)),
    ...optional(
      'mean',
      agg[`m${i}`] === undefined || agg[`m${i}`] === null ? undefined : num(agg[`m${i}`]),
    ),
    ...(top ? { top } : {}),
  };
}

/** Rows whose account is missing or unknown, as the loader's warnings counted them. */
function orphanRows(warnings: readonly DataIssue[], table: TableName): number {
  return warnings
    .filter(
      (w) =>
        w.table === table &&
        (w.code === 'orphan' ||
          w.code === 'missing_reference' ||
          w.code === 'open_without_account'),
    )
    .reduce((s, w) => s + w.count, 0);
}

async function topValues(
  dataset: Dataset,
  table: string,
  column: string,
  numeric: boolean,
): Promise<{ value: string; count: number }[]> {
  const id = quoteIdent(column);
  const rows = await dataset.db.all(
    `SELECT CAST(${id} AS VARCHAR) AS v, count(*) AS n FROM ${quoteIdent(table)} WHERE ${id} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${TOP}`,
  );
  // A DOUBLE cast to text reads "1993.0"; show numbers the way they were written.
  return rows.map((r) => ({
    value: numeric ? String(num(r.v)) : (str(r.v) ?? ''),
    count: num(r.n),
  }));
}

function orderedValue(v: JsonValue | undefined, type: string): string | number | undefined {
  if (v === undefined || v === null) return undefined;
  return type === 'DATE' ? String(v) : Number(v);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
