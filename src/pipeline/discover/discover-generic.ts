import { basename, resolve } from 'node:path';
import { configSchema } from '../../core/config/schema.js';
import { runDiscovery, type StageHook, stageMarker } from '../../core/discovery/run-discovery.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { foldKeySql } from '../../core/stats/hash-folds.js';
import { overdispersion } from '../../core/stats/multiple-testing.js';
import { Database } from '../../data/db/database.js';
import { readColumns } from '../../data/db/read-columns.js';
import { derivedParts } from '../../data/load/infer-parts.js';
import { inferColumnTypes } from '../../data/load/infer-types.js';
import { textExpr } from '../../data/load/parse-sql.js';
import { type RawSource, readRaw } from '../../data/source/read-raw.js';
import { numberAccounts } from '../analysis/account-numbers.js';
import { type AttributePlan, latestDate, planAttributes } from '../analysis/attribute-plan.js';
import { readDiscoveryRows } from '../analysis/discovery-rows.js';
import { assembleIcp } from './assemble-icp.js';
import { attributeTables, type RowColumns } from './attribute-tables.js';
import { countedAmong, recordedValues } from './check-positives.js';
import { foldTailsThread } from './fold-tails-thread.js';
import { checkColumns, checkFlags, checkIds, resolveTarget } from './generic-checks.js';
import { reservedColumns } from './reserved-columns.js';

export interface GenericOptions {
  readonly data: string;
  readonly target: string;
  /**
   * The target values that count as positive (compared trimmed, case-insensitive). A value
   * that is not in the column but whose comma-separated parts are ("acquired,ipo") is those parts.
   */
  readonly positive: string | readonly string[];
  /**
   * The target values that count as negative; rows with any other value are left out, as rows
   * with an empty target are (e.g. positive Won, negative Lost: the open deals are left out).
   * Default: every filled target that is not positive.
   */
  readonly negative?: string | readonly string[];
  readonly id?: string;
  /**
   * The column naming each row's account, when rows are deals or leads of accounts: rows of
   * one account share a cross-validation fold and count as one unit in every interval.
   */
  readonly account?: string;
  /**
   * A unique key column: rows are dealt into folds by the rank of md5("seed:key") in their
   * class (`foldKeySql`), as `discover --source` deals them inside a database.
   */
  readonly key?: string;
  readonly exclude?: readonly string[];
  /** Columns to keep although the leakage check would leave them out. */
  readonly keep?: readonly string[];
  readonly seed?: number;
  /** The date ages are measured at (YYYY-MM-DD); by default the latest date in the file. */
  readonly asOf?: string;
  readonly onProgress?: (stage: string) => void;
  /** Called as each stage starts, finer than onProgress (for timing); never changes the result. */
  readonly onStage?: StageHook;
}

/**
 * The attributes of a file's columns, typed by the inference config mode uses, with ages
 * measured at `asOf` (by default the latest date in the file, said in a note).
 */
async function typedAttributes(
  db: Database,
  raw: RawSource,
  headers: readonly string[],
  given: string | undefined,
): Promise<{ plan: AttributePlan; asOf: string | undefined; asOfNote: string[] }> {
  const types = await inferColumnTypes(db, raw, headers);
  const parts = await derivedParts(db, raw, types);
  const columns = types.map((c) => ({
    name: c.header,
    sql: `r.${quoteIdent(c.header)}`,
    type: c.type,
  }));
  const from = `${raw.rawTable} AS r`;
  const latest = given ? undefined : await latestDate(db, from, columns);
  const asOf = given ?? latest?.date;
  const plan = await planAttributes(db, from, columns, { asOf, parts });
  const asOfNote =
    asOf === undefined || plan.derive.size === 0
      ? []
      : [
          latest
            ? `Dates are measured as ages at ${asOf}, the latest date in the file (in ${latest.column}); --as-of sets another.`
            : `Dates are measured as ages at ${asOf} (--as-of).`,
        ];
  return { plan, asOf, asOfNote };
}

/**
 * Discovery on any single export with a yes/no column, no config: every other column is a
 * candidate attribute, typed as a config's extra columns are (numbers, yes/no, dates as ages at
 * the as-of date, lists as has-X), with the same id checks as config mode.
 */
export async function discoverGeneric(options: GenericOptions): Promise<IcpDefinition> {
  const { data, target, id, account, key, exclude = [], keep = [], seed = 1, onStage } = options;
  const mark = stageMarker(options);
  checkFlags(options);
  const db = await Database.open();
  try {
    mark('load', `reading ${data}`);
    const raw = await readRaw(db, 'data', { path: basename(data) }, resolve(data));
    checkColumns(raw, data, [
      ['--target', target],
      ['--id', id],
      ['--account', account],
      ['--key', key],
      ...exclude.map((e) => ['--exclude', e] as const),
      ...keep.map((k) => ['--keep', k] as const),
    ]);
    for (const k of new Set([id, key])) if (k !== undefined) await checkIds(db, raw, k);
    const outcome = outcomeSql(target, await resolveTarget(db, data, target, options));
    const { positives } = outcome;
    mark('type columns', 'typing columns');
    const skip = new Set([target, id, account, key, ...exclude].filter((c) => c !== undefined));
    const { headers, reserved } = reservedColumns(raw.headers.filter((h) => !skip.has(h)));
    if (headers.length === 0)
      throw new IcpError(
        'USAGE',
        `${data} has no column left to learn from: its columns ${raw.headers.map((h) => `"${h}"`).join(', ')} are all the target, the id or excluded. Pass a file with attribute columns, or exclude fewer.`,
      );
    const { plan, asOf, asOfNote } = await typedAttributes(db, raw, headers, options.asOf);
    mark('parse attributes (DuckDB)');
    const tables = await attributeTables(
      db,
      raw.rawTable,
      { select: plan.select, sources: plan.sources ?? [] },
      unitColumns(outcome, foldOrder(key, seed)),
    );
    mark('rows into JS');
    const rows = await fileRows(db, unitSql(tables.rows, key !== undefined), {
      ...plan,
      table: tables.table,
    });
    const groups = account ? await accountGroups(db, account, outcome.counted) : undefined;
    mark('discovery setup', 'discovering');
    const settings = configSchema.shape.discover.parse({ seed });
    const result = runDiscovery({
      ...rows,
      ...(groups ? { groups } : {}),
      dispersion: groups ? overdispersion(groups, rows.target) : 1,
      ...{ keep, seed, foldRule: key ? 'ranked' : 'shuffled' },
      folds: settings.folds,
      maxAttributes: settings.max_attributes,
      tails: foldTailsThread(),
      ...(onStage ? { onStage } : {}),
    });
    mark('assemble ICP');
    const found = rows.target.reduce((a, b) => a + b, 0);
    const shown = positives.length === 1 ? `= ${positives[0]}` : `in [${positives.join(', ')}]`;
    return assembleIcp({
      numbers: rows.numbers,
      name: `${basename(data)}: ${target} ${shown}`,
      parent: null,
      target: {
        kind: 'column',
        definition: `${target} ${shown} (trimmed, any case); counted among rows where ${outcome.among}`,
        eligible: rows.target.length,
        positives: found,
      },
      // The columns the plan left out (a date's parts, lists made has-X) are listed too.
      result: { ...result, excluded: [...reserved, ...plan.excluded, ...result.excluded] },
      derive: plan.derive,
      personas: undefined,
      // What reading the file worked around (NUL bytes removed, bytes read as Windows-1252),
      // then what typing the columns did (cells read as missing, the as-of date).
      findings: [...raw.warnings.map((w) => w.message), ...plan.notes, ...asOfNote],
      provenance: {
        as_of: asOf ?? '',
        rows: { [basename(data)]: raw.rows },
        seed,
        settings: recordedSettings(options, outcome),
        fingerprint: String(
          (await db.one('SELECT CAST(bit_xor(hash(r)) AS VARCHAR) AS h FROM raw_data r'))?.h,
        ),
      },
    });
  } finally {
    db.close();
  }
}

/** The flags the ICP was discovered with, as its provenance records them. */
function recordedSettings(options: GenericOptions, { positives, negatives }: Outcome) {
  const { data, target, id, account, exclude = [], keep = [] } = options;
  return {
    data: basename(data),
    target,
    ...recordedValues(positives, negatives),
    id: id ?? null,
    ...(account ? { account } : {}),
    ...(options.key ? { key: options.key } : {}),
    exclude: [...exclude],
    ...(options.asOf ? { as_of: options.asOf } : {}),
    ...(keep.length > 0 ? { keep: [...keep] } : {}),
  };
}

/**
 * The rows of the file as arrays. Ids are unique (checkIds) or row numbers, so each row is its
 * own account and the ids are not read (--account's groups are read apart, `accountGroups`).
 * The text columns are read as codes and handed to discovery counted (`coded`, as config mode
 * reads them), never as a string per row: discovery reads the same counts and fine bins.
 */
function fileRows(
  db: Database,
  units: string,
  prepared: Parameters<typeof readDiscoveryRows>[2],
): ReturnType<typeof readDiscoveryRows> {
  return readDiscoveryRows(db, units, prepared, { accounts: false, coded: true });
}

/**
 * With --key, the rows' order: the md5 of "seed:key" (folds dealt by rank); without, none (the
 * file's order, the rows' numbers).
 */
function foldOrder(key: string | undefined, seed: number): string | undefined {
  return key ? foldKeySql('duckdb', textExpr(`r.${quoteIdent(key)}`), seed) : undefined;
}

/** The target's values and, as SQL on the raw rows, each row's outcome and whether it counts. */
interface Outcome {
  /** The target column. */
  readonly column: string;
  readonly positives: readonly string[];
  readonly negatives: readonly string[];
  /** 1 positive, 0 negative, NULL left out (an empty target, or neither value with negatives). */
  readonly value: string;
  /** The rows counted: value IS NOT NULL. */
  readonly counted: string;
  /** Who is counted, in words: `Stage is filled`, `Stage is Won or Lost`. */
  readonly among: string;
}

function outcomeSql(
  target: string,
  { positives, negatives }: { positives: string[]; negatives: string[] },
): Outcome {
  const t = textExpr(`r.${quoteIdent(target)}`);
  const inList = (values: readonly string[]) =>
    `lower(${t}) IN (${values.map((v) => quoteLiteral(v.toLowerCase())).join(', ')})`;
  // Without negatives every filled target counts, and any value but a positive is negative.
  const all = negatives.length === 0;
  return {
    column: target,
    positives,
    negatives,
    value: all
      ? `(${inList(positives)})::INT`
      : `CASE WHEN ${inList(positives)} THEN 1 WHEN ${inList(negatives)} THEN 0 END`,
    counted: all ? `${t} IS NOT NULL` : inList([...positives, ...negatives]),
    among: countedAmong(target, positives, negatives),
  };
}

/**
 * Each row's outcome (`outcome.value`), worked out once per distinct target cell, and with --key
 * its order (`order`), kept beside the row's attributes (`attributeTables`): the rows are then
 * read from one table of the parsed rows, with no join of the raw rows. A row is its own unit:
 * its number is its account (ids are unique, `checkIds`, and not read).
 */
function unitColumns(outcome: Outcome, order: string | undefined): RowColumns {
  return {
    cells: { select: [`${outcome.value} AS _target`], sources: [outcome.column] },
    rows: order === undefined ? [] : [`${order} AS _unit`],
    names: order === undefined ? ['_target'] : ['_target', '_unit'],
  };
}

/**
 * Each row with a target: its number, order (`_unit`: the fold key's, or the row's number) and
 * outcome, from the rows' table.
 */
function unitSql(rows: string, ordered: boolean): string {
  return `SELECT _row AS account_id, ${ordered ? '_unit' : '_row AS _unit'}, _target, NULL::INT AS _bad FROM ${rows} WHERE _target IS NOT NULL`;
}

/**
 * The account of each row counted (`counted`, SQL on the raw rows), in the order
 * readDiscoveryRows returns them (file order), as group numbers; an empty account is a group of
 * its own row.
 */
async function accountGroups(db: Database, account: string, counted: string): Promise<Int32Array> {
  const a = textExpr(`r.${quoteIdent(account)}`);
  const data = await readColumns(
    db,
    `SELECT coalesce(${a}, '~row ' || r.rowid) AS g FROM raw_data r WHERE ${counted} ORDER BY r.rowid`,
    { g: 'text' },
  );
  return numberAccounts(data.texts.g ?? []);
}
