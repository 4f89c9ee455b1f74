import type { TextCounts } from '../../core/binning/column-counts.js';
import type { CountedColumn, DiscoveryColumns } from '../../core/discovery/run-discovery.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num, str } from '../../data/db/database.js';
import { type ColumnKind, readColumns } from '../../data/db/read-columns.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { badCustomerSql } from '../value/bad-customer.js';
import {
  accountKeys,
  distinctCount,
  firstMet,
  numberAccounts,
  withoutCluster,
} from './account-numbers.js';
import { countedColumns } from './counted-columns.js';
import type { Candidate } from './prepare-attributes.js';
import type { TableRef } from './table-ref.js';

/** Rows of one discovery run, as arrays, with the candidate attributes and notes on the ones left out. */
export interface DiscoveryRows extends DiscoveryColumns {
  readonly target: Uint8Array;
  readonly bad: Uint8Array | undefined;
  readonly cluster: Int32Array;
  /** Whether some account has more than one row (deal-level targets). */
  readonly clustered: boolean;
  readonly candidates: readonly Candidate[];
  readonly excluded: readonly { attribute: string; reason: string }[];
  /** With `coded`: the text candidates, counted as they were read (not in `texts`). */
  readonly counted?: ReadonlyMap<string, CountedColumn & { readonly codes: TextCounts }>;
}

/**
 * Units, target and bad-value outcome of each target kind, as SQL over the tables of one
 * analysis (`value` and `target`, from `computeCustomerValue` and `computeTarget`).
 */
export function targetUnits(
  kind: 'ideal' | 'retained' | 'won',
  tables: { readonly value: TableRef; readonly target: TableRef },
): string {
  switch (kind) {
    case 'ideal':
      return `SELECT t.account_id, t.account_id AS _unit, t.positive::INT AS _target,
      ${badCustomerSql('v')}::INT AS _bad
    FROM ${tables.target} t JOIN ${tables.value} v USING (account_id) WHERE t.eligible`;
    case 'retained':
      return `SELECT t.account_id, t.account_id AS _unit, t.positive::INT AS _target, (NOT t.positive)::INT AS _bad
    FROM ${tables.target} t WHERE t.eligible`;
    case 'won':
      return `SELECT d.account_id, d.deal_id AS _unit, (d.stage = 'won')::INT AS _target, (d.stage = 'lost')::INT AS _bad
    FROM deals d JOIN accounts a USING (account_id) WHERE d.stage IN ('won', 'lost')`;
  }
}

/**
 * Reads the rows of a run into arrays, ordered so they line up: `unitSql` returns
 * account_id, _unit (ordering key), _target (0/1) and optionally _bad (0/1).
 */
export async function readDiscoveryRows(
  db: Database,
  unitSql: string,
  prepared: {
    /** The attribute view (`PreparedAttributes.table`). */
    table: TableRef;
    candidates: readonly Candidate[];
    excluded: readonly { attribute: string; reason: string }[];
  },
  options: {
    include?: boolean;
    /**
     * false when every unit is its own account (`discover --data`: unique ids or row numbers):
     * the account ids are then not read, which on a million rows saves a million strings and
     * the map that numbers them.
     */
    accounts?: boolean;
    /** Also read each row's account id, as the text column `_cluster` (the audit's cross-fit). */
    accountIds?: boolean;
    /**
     * Text candidates read as codes into `counted` instead of strings into `texts`: what
     * discovery counts of them and cuts their fine bins from, the same to the last row, at 4
     * bytes a row outside the JavaScript heap (config-mode discovery at 10,000,000 accounts).
     */
    coded?: boolean;
    /**
     * With `coded`: the ENUM type of each text column of `table` (`textEnums`), cast to in the
     * query so the codes come from an ENUM's item numbers, not a string decoded per row. The
     * codes, cells and counts are the same to the last row.
     */
    enums?: ReadonlyMap<string, string>;
  } = {},
): Promise<DiscoveryRows & { include?: Uint8Array }> {
  const accounts = options.accounts !== false;
  const ids = accounts && options.accountIds === true;
  const from = `(${unitSql}) u JOIN ${prepared.table} x USING (account_id)`;
  const numbered = accounts && !ids;
  const cluster = ids ? 'u.account_id AS _cluster, ' : numbered ? 'n._cluster, ' : '';
  const sql = `SELECT u._target, u._bad, ${options.include ? 'u._include, ' : ''}${cluster}x.* EXCLUDE (account_id)${asEnums(prepared.candidates, options.coded ? options.enums : undefined)}
    FROM ${from}${numbered ? ` JOIN (${accountKeys(unitSql)}) n USING (account_id)` : ''} ORDER BY u._unit`;
  const spec: Record<string, ColumnKind> = { _target: 'number', _bad: 'number' };
  if (accounts) spec._cluster = ids ? 'text' : 'number';
  if (options.include) spec._include = 'number';
  const text = options.coded ? 'code' : 'text';
  for (const c of prepared.candidates) spec[c.name] = c.kind === 'numeric' ? 'number' : text;
  const data = await readColumns(db, sql, spec);
  const target = flags(data.numbers._target ?? new Float64Array(0));
  const badRaw = data.numbers._bad;
  const bad = badRaw?.some((v) => !Number.isNaN(v)) ? flags(badRaw) : undefined;
  const groups = accounts
    ? ids
      ? numberAccounts(data.texts._cluster ?? [])
      : firstMet(data.numbers._cluster ?? new Float64Array(0))
    : Int32Array.from({ length: data.rows }, (_, i) => i);
  return {
    ...data,
    ...(numbered ? { numbers: withoutCluster(data.numbers) } : {}),
    target,
    bad,
    cluster: groups,
    clustered: accounts && distinctCount(groups) < groups.length,
    ...(options.include ? { include: flags(data.numbers._include ?? new Float64Array(0)) } : {}),
    candidates: prepared.candidates,
    excluded: prepared.excluded,
    ...(options.coded ? { counted: countedColumns(data.codes) } : {}),
  };
}

/** The REPLACE clause casting each text candidate that has an ENUM type to it; '' when none. */
function asEnums(
  candidates: readonly Candidate[],
  enums: ReadonlyMap<string, string> | undefined,
): string {
  const casts = candidates.flatMap((c) => {
    const type = c.kind === 'categorical' ? enums?.get(c.name) : undefined;
    return type ? [`CAST(x.${quoteIdent(c.name)} AS ${type}) AS ${quoteIdent(c.name)}`] : [];
  });
  return casts.length > 0 ? ` REPLACE (${casts.join(', ')})` : '';
}

/** 1 where a value is 1, else 0 (plain loops: a callback per row is slow on a million rows). */
function flags(values: Float64Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] === 1 ? 1 : 0;
  return out;
}

/** Row counts per table and a fingerprint of their content (order-independent hashes), for provenance. */
export async function dataFingerprint(
  dataset: Dataset,
): Promise<{ fingerprint: string; rows: Record<string, number> }> {
  const parts: string[] = [];
  const rows: Record<string, number> = {};
  for (const t of dataset.tables.values()) {
    const r = await dataset.db.one(
      `SELECT count(*) AS n, CAST(bit_xor(hash(x)) AS VARCHAR) AS h FROM ${quoteIdent(t.name)} x`,
    );
    rows[t.name] = num(r?.n);
    parts.push(`${t.name}:${num(r?.n)}:${str(r?.h)}`);
  }
  return { fingerprint: parts.join('|'), rows };
}
