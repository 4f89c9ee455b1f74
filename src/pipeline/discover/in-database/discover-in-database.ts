import { createHash } from 'node:crypto';
import { closest } from 'fastest-levenshtein';
import { configSchema } from '../../../core/config/schema.js';
import {
  type CountedColumn,
  runDiscovery,
  type StageHook,
  stageMarker,
} from '../../../core/discovery/run-discovery.js';
import { screenColumn, summariseCounts } from '../../../core/discovery/screen.js';
import { IcpError } from '../../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../../core/icp/definition.js';
import { inList, textSql } from '../../../core/parse/cell-sql.js';
import { TUNING_ROWS } from '../../../core/scorecard/inner-cv.js';
import { quoteIdent } from '../../../core/sql/quote.js';
import { tableNameParts } from '../../../core/sql/table-name.js';
import { foldKeySql, foldPeriod } from '../../../core/stats/hash-folds.js';
import { countedSource, type SqlSource, type WireCount } from '../../../data/remote/sql-source.js';
import { assembleIcp } from '../assemble-icp.js';
import {
  checkNegatives,
  checkPositives,
  countedAmong,
  recordedValues,
  type TargetCells,
} from '../check-positives.js';
import { reservedColumns } from '../reserved-columns.js';
import { fineOfCounts, patternRows } from './pattern-counts.js';
import { checkKeys, unreadableNotes } from './table-checks.js';
import {
  type CountedAttribute,
  countAttribute,
  firstSeen,
  type TableRows,
} from './table-columns.js';

export interface InDatabaseOptions {
  /** The table, as the user named it (`crm.leads`). */
  readonly table: string;
  /** The database as it may be shown (no password), for the ICP's provenance. */
  readonly shown: string;
  readonly target: string;
  readonly positive: string | readonly string[];
  /** The target values that count as negative; rows with any other value are left out. */
  readonly negative?: string | readonly string[];
  /** The unique key column whose md5 deals the rows into folds (`foldKeySql`). */
  readonly key: string;
  readonly exclude?: readonly string[];
  readonly keep?: readonly string[];
  readonly seed?: number;
  /** ClickHouse ranks at most about this many rows a query (`CLICKHOUSE_RANK_ROWS`). */
  readonly rankRows?: number;
  readonly onProgress?: (stage: string) => void;
  readonly onStage?: StageHook;
}

/**
 * `icp discover --source URL --table T`: discovery on a table inside a database, of which only
 * aggregates cross the wire: per column, its distinct cells with their rows (to type it and cut
 * its fine bins); then the rows' patterns of fine bins with their outcome and their rank in the
 * fold-key order mod a period, counted. The rows are rebuilt from the counts here, so the
 * discovery is `discover --data FILE --key KEY`'s on the same rows, to rounding (the folds are
 * dealt by the key's md5 in both). Returns the ICP and what crossed the wire.
 */
export async function discoverInDatabase(
  database: SqlSource,
  options: InDatabaseOptions,
): Promise<{ icp: IcpDefinition; wire: WireCount }> {
  const { target, keep = [], seed = 1 } = options;
  const mark = stageMarker(options);
  const wire: WireCount = { queries: 0, rows: 0, bytes: 0 };
  const source = countedSource(database, wire);
  mark('columns', `reading the columns of ${options.table}`);
  const table = await openTable(source, options);
  const { rows, counts, positives, negatives } = table;
  mark('count columns', 'counting each column inside the database');
  const attrs: CountedAttribute[] = [];
  for (const name of table.names) attrs.push(await countAttribute(source, rows, name));
  mark('count patterns', 'counting the rows by fine bins inside the database');
  const settings = configSchema.shape.discover.parse({ seed });
  const { target: y, counted } = await countedRows(source, rows, attrs, counts, {
    folds: settings.folds,
    ...(options.rankRows ? { rankRows: options.rankRows } : {}),
  });
  mark('discovery setup', 'discovering');
  const result = runDiscovery({
    numbers: ranges(attrs),
    texts: {},
    candidates: attrs.map((a) => ({ name: a.name, kind: a.kind })),
    target: y,
    counted,
    foldRule: 'ranked',
    dispersion: 1,
    keep,
    seed,
    folds: settings.folds,
    maxAttributes: settings.max_attributes,
    ...(options.onStage ? { onStage: options.onStage } : {}),
  });
  mark('assemble ICP');
  const shown = positives.length === 1 ? `= ${positives[0]}` : `in [${positives.join(', ')}]`;
  const icp = assembleIcp({
    numbers: ranges(attrs),
    name: `${options.table}: ${target} ${shown}`,
    parent: null,
    target: {
      kind: 'column',
      definition: `${target} ${shown} (trimmed, any case); counted among rows where ${countedAmong(target, positives, negatives)}`,
      eligible: counts.rows,
      positives: counts.positives,
    },
    result: { ...result, excluded: [...table.reserved, ...result.excluded] },
    personas: undefined,
    findings: unreadableNotes(attrs),
    provenance: {
      as_of: '',
      rows: { [options.table]: counts.all },
      seed,
      settings: recordedSettings(options, positives, negatives),
      // The aggregates discovery ran on: the same counts give the same fingerprint.
      fingerprint: createHash('md5')
        .update(JSON.stringify([attrs.map((a) => a.counted), counts]))
        .digest('hex'),
    },
  });
  return { icp, wire };
}

/**
 * The table's columns checked against the flags, its positives, its rows as SQL, their counts
 * (keys checked), and the columns to learn from.
 */
async function openTable(source: SqlSource, options: InDatabaseOptions) {
  const { target, key, exclude = [], keep = [], seed = 1 } = options;
  const { dialect } = source;
  const from = tableNameParts('--table', options.table).map(quoteIdent).join('.');
  const headers = await source.columns(from);
  checkNames(options.table, headers, [
    ['--target', target],
    ['--key', key],
    ...exclude.map((e) => ['--exclude', e] as const),
    ...keep.map((k) => ['--keep', k] as const),
  ]);
  const t = textSql(dialect, quoteIdent(target));
  const given = typeof options.positive === 'string' ? [options.positive] : options.positive;
  const where = `column "${target}" of ${options.table}`;
  const cells = targetCells(source, from, t);
  const positives = await checkPositives(given, where, cells);
  const negative = typeof options.negative === 'string' ? [options.negative] : options.negative;
  const negatives = await checkNegatives(negative, positives, where, cells);
  const keyText = textSql(dialect, quoteIdent(key));
  const lowered = positives.map((p) => p.toLowerCase());
  const counted = [...positives, ...negatives].map((p) => p.toLowerCase());
  const rows: TableRows = {
    from,
    eligible:
      negatives.length === 0
        ? `${t} IS NOT NULL`
        : `${t} IS NOT NULL AND ${inList(dialect, lowerSql(dialect, t), counted)}`,
    y: `CASE WHEN ${inList(dialect, lowerSql(dialect, t), lowered)} THEN 1 ELSE 0 END`,
    foldKey: foldKeySql(dialect, keyText, seed),
  };
  const counts = await checkKeys(
    source,
    rows,
    { table: options.table, key, keyText },
    options.rankRows,
  );
  const skip = new Set([target, key, ...exclude]);
  const { headers: names, reserved } = reservedColumns(headers.filter((h) => !skip.has(h)));
  return { rows, counts, positives, negatives, names, reserved };
}

/**
 * The rows rebuilt from their patterns' counts (`patternRows`), with every column's counts and,
 * for the columns screening keeps, its fine bins with their codes on the rebuilt rows.
 */
async function countedRows(
  source: SqlSource,
  rows: TableRows,
  attrs: readonly CountedAttribute[],
  counts: { rows: number; positives: number },
  { folds, rankRows }: { folds: number; rankRows?: number },
) {
  const n = counts.rows;
  const usable = await firstSeen(
    source,
    rows,
    attrs.filter((a) => screenColumn(summariseCounts(a.name, a.counted, n)).usable),
  );
  const fines = usable.map((attr) => ({ attr, fine: fineOfCounts(attr, n) }));
  const classRows = [n - counts.positives, counts.positives] as const;
  const period = foldPeriod(classRows, folds, TUNING_ROWS);
  const rebuilt = await patternRows(source, rows, fines, classRows, period, rankRows);
  const counted = new Map<string, CountedColumn>(
    attrs.map((a) => [a.name, { column: a.counted, fine: () => fineOfCounts(a, n) }]),
  );
  fines.forEach(({ attr, fine }, j) => {
    const codes = rebuilt.codes[j] as Int32Array;
    counted.set(attr.name, { column: attr.counted, fine: () => ({ ...fine, codes }) });
  });
  return { target: rebuilt.target, counted };
}

/** The flags the ICP was discovered with, as its provenance records them. */
function recordedSettings(
  options: InDatabaseOptions,
  positives: readonly string[],
  negatives: readonly string[],
) {
  const { exclude = [], keep = [] } = options;
  return {
    source: options.shown,
    table: options.table,
    target: options.target,
    ...recordedValues(positives, negatives),
    key: options.key,
    exclude: [...exclude],
    ...(keep.length > 0 ? { keep: [...keep] } : {}),
  };
}

/** Lower case in `dialect` (ClickHouse's lower is ASCII only). */
function lowerSql(dialect: SqlSource['dialect'], x: string): string {
  return dialect === 'clickhouse' ? `lowerUTF8(${x})` : `lower(${x})`;
}

/** Each numeric attribute's smallest and largest value: all the ICP keeps of its values. */
function ranges(attrs: readonly CountedAttribute[]): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const a of attrs)
    if (a.counted.kind === 'numeric') {
      const d = a.counted.counted.distinct;
      out[a.name] =
        d.length > 0
          ? Float64Array.of(d[0] as number, d[d.length - 1] as number)
          : new Float64Array(0);
    }
  return out;
}

function checkNames(
  table: string,
  headers: readonly string[],
  flags: readonly (readonly [string, string])[],
): void {
  for (const [flag, name] of flags)
    if (!headers.includes(name))
      throw new IcpError(
        'USAGE',
        `${flag}: the table ${table} has no column "${name}". Did you mean "${closest(name, [...headers])}"? Columns: ${headers.join(', ')}.`,
      );
}

/** The table's target column `t` (text SQL), asked about its values (`checkPositives`). */
function targetCells(source: SqlSource, from: string, t: string): TargetCells {
  const { dialect } = source;
  return {
    async count(values) {
      const sums = values.map(
        (v, i) =>
          `sum(CASE WHEN ${inList(dialect, lowerSql(dialect, t), [v.toLowerCase()])} THEN 1 ELSE 0 END) AS p${i}`,
      );
      const row = (await source.rows(`SELECT ${sums.join(', ')} FROM ${from}`))[0] ?? {};
      return values.map((_, i) => Number(row[`p${i}`] ?? 0));
    },
    async seen() {
      const found = await source.rows(
        `SELECT DISTINCT ${lowerSql(dialect, t)} AS seen FROM ${from} WHERE ${t} IS NOT NULL ORDER BY 1 LIMIT 50`,
      );
      return found.map((r) => String(r.seen));
    },
  };
}
