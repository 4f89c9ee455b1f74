import type { TextCounts } from '../../core/binning/column-counts.js';
import type { CountedColumn, DiscoveryColumns } from '../../core/discovery/run-discovery.js';
import { countedColumns } from './counted-columns.js';
import type { DeriveRule } from '../../core/parse/derive.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num, str } from '../../data/db/database.js';
import { type ColumnKind, readColumns } from '../../data/db/read-columns.js';
import type { DerivedPart } from '../../data/load/infer-parts.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { latestDate } from '../value/customer-value.js';
import {
  type AttributePlan,
  type PlannedColumn,
  planAttributes,
  unreadableNote,
} from './attribute-plan.js';
import { badCustomerSql } from '../value/bad-customer.js';
import {
  accountNumbers,
  distinctCount,
  numberAccounts,
  withoutCluster,
} from './account-numbers.js';
import { type TableRef, uniqueTable } from './table-ref.js';

export type Candidate = { name: string; kind: 'numeric' | 'categorical' };

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

const CANONICAL_ATTRIBUTES: Record<string, { label: string; kind: Candidate['kind'] }> = {
  industry: { label: 'Industry', kind: 'categorical' },
  employees: { label: 'Employees', kind: 'numeric' },
  annual_revenue: { label: 'Annual revenue', kind: 'numeric' },
  country: { label: 'Country', kind: 'categorical' },
};

const NOT_ATTRIBUTES: Record<string, string> = {
  account_id: 'identifier: the account id',
  name: 'identifier: the company name',
  domain: 'identifier: the web domain',
  // Not an age feature as other dates are: an account's age is how long it has been in the
  // CRM, which follows from the outcome (customers stay) and is about 0 for every new lead.
  created_at: 'a date: it sets the time window, it does not describe the customer',
};

/** The attributes of a dataset: candidates, exclusions, derived rules and notes on the cells. */
export interface PreparedAttributes {
  /** The view, made for this call, of account_id and every attribute column. */
  table: TableRef;
  candidates: Candidate[];
  excluded: { attribute: string; reason: string }[];
  /** How derived attributes (an extra date's age, a list's items) are computed. */
  derive: ReadonlyMap<string, DeriveRule>;
  /** Extra columns with cells read as missing, in words. */
  notes: readonly string[];
  /** Columns that enter in another form (a list as has-X, a date's parts through the date). */
  reshaped: readonly { attribute: string; reason: string }[];
  /** The config's `values:` spellings by attribute name: category key to label. */
  synonyms: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/**
 * The attribute columns every discovery run on this dataset uses: the account's firmographics
 * and extra columns (an extra date as its age at `asOf`, by default the customer-value as-of
 * date; a list as has-X attributes), plus buying-committee features derived from contacts
 * (number of contacts, whether a contact of each role exists). Creates a view of its own
 * (`table`), which reads the tables of the schema current when it is queried.
 */
export async function prepareAttributes(
  dataset: Dataset,
  options: { asOf?: string } = {},
): Promise<PreparedAttributes> {
  const accounts = dataset.tables.get('accounts')!;
  const select: string[] = ['a.account_id'];
  const candidates: Candidate[] = [];
  const excluded: { attribute: string; reason: string }[] = [];
  for (const canonical of Object.keys(accounts.columns)) {
    const attr = CANONICAL_ATTRIBUTES[canonical];
    if (attr) {
      select.push(`a.${quoteIdent(canonical)} AS ${quoteIdent(attr.label)}`);
      candidates.push({ name: attr.label, kind: attr.kind });
    } else if (NOT_ATTRIBUTES[canonical]) {
      excluded.push({
        attribute: accounts.columns[canonical]!.header,
        reason: NOT_ATTRIBUTES[canonical] as string,
      });
    }
  }
  const extra = await extraAttributes(dataset, new Set(candidates.map((c) => c.name)), options);
  select.push(...extra.select);
  candidates.push(...extra.candidates);
  excluded.push(...extra.excluded);
  let from = 'accounts a';
  if (dataset.tables.has('contacts') && dataset.tables.get('contacts')!.columns.role) {
    const roles = (
      await dataset.db.all(
        'SELECT role, count(*) AS n FROM contacts WHERE role IS NOT NULL GROUP BY 1 ORDER BY n DESC, role LIMIT 8',
      )
    ).map((r) => str(r.role) ?? '');
    const committee = uniqueTable('_committee');
    const flags = roles.map(
      (role) =>
        `CASE WHEN bool_or(role = ${quoteLiteral(role)}) THEN 'yes' ELSE 'no' END AS ${quoteIdent(`Has ${role}`)}`,
    );
    await dataset.db.run(
      `CREATE TEMP TABLE ${committee} AS SELECT account_id, count(*)::DOUBLE AS "Contacts"${flags.map((f) => `, ${f}`).join('')} FROM contacts WHERE account_id IS NOT NULL GROUP BY 1`,
    );
    from += ` LEFT JOIN ${committee} c USING (account_id)`;
    select.push('coalesce(c."Contacts", 0) AS "Contacts"');
    candidates.push({ name: 'Contacts', kind: 'numeric' });
    for (const role of roles) {
      const name = `Has ${role}`;
      select.push(`coalesce(c.${quoteIdent(name)}, 'no') AS ${quoteIdent(name)}`);
      candidates.push({ name, kind: 'categorical' });
    }
  }
  const table = uniqueTable('_attributes');
  await dataset.db.run(`CREATE TEMP VIEW ${table} AS SELECT ${select.join(', ')} FROM ${from}`);
  const synonyms = new Map(
    [...accounts.synonyms].map(([column, keys]) => [
      CANONICAL_ATTRIBUTES[column]?.label ?? column,
      keys,
    ]),
  );
  return {
    table,
    candidates,
    excluded,
    derive: extra.derive,
    notes: extra.notes,
    reshaped: extra.excluded,
    synonyms,
  };
}

/**
 * The attributes of the accounts' extra columns: numbers and categories as loaded; dates as
 * ages at the as-of date, lists as has-X, a date's parts left out (`planAttributes`).
 */
async function extraAttributes(
  dataset: Dataset,
  taken: ReadonlySet<string>,
  options: { asOf?: string },
): Promise<AttributePlan> {
  const accounts = dataset.tables.get('accounts')!;
  const select: string[] = [];
  const candidates: Candidate[] = [];
  const planned: PlannedColumn[] = [];
  const notes: string[] = [];
  for (const x of accounts.extras) {
    if (taken.has(x.name)) continue;
    const t = x.inferred;
    if (t.kind === 'number' && t.unreadable.count > 0)
      notes.push(unreadableNote(x.name, t.unreadable, 'numbers'));
    if (x.type === 'date' || x.type === 'list' || x.partOf) {
      planned.push({ name: x.name, sql: `a.${quoteIdent(x.name)}`, type: t });
      continue;
    }
    select.push(`a.${quoteIdent(x.name)}`);
    candidates.push({ name: x.name, kind: x.type === 'number' ? 'numeric' : 'categorical' });
  }
  const dates = planned.some((p) => p.type.kind === 'date');
  const asOf = dates
    ? (options.asOf ?? dataset.config.config.value.as_of ?? (await latestDate(dataset)))
    : undefined;
  const parts = new Map<string, DerivedPart>(
    accounts.extras.flatMap((x) => (x.partOf ? [[x.name, x.partOf] as const] : [])),
  );
  const plan = await planAttributes(dataset.db, 'accounts a', planned, { asOf, parts });
  return {
    select: [...select, ...plan.select],
    candidates: [...candidates, ...plan.candidates],
    derive: plan.derive,
    excluded: plan.excluded,
    notes: [...notes, ...plan.notes],
  };
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
  } = {},
): Promise<DiscoveryRows & { include?: Uint8Array }> {
  const accounts = options.accounts !== false;
  const ids = accounts && options.accountIds === true;
  const from = `(${unitSql}) u JOIN ${prepared.table} x USING (account_id)`;
  const numbered = accounts && !ids;
  const cluster = ids ? 'u.account_id AS _cluster, ' : numbered ? 'n._cluster, ' : '';
  const sql = `SELECT u._target, u._bad, ${options.include ? 'u._include, ' : ''}${cluster}x.* EXCLUDE (account_id)
    FROM ${from}${numbered ? ` JOIN (${accountNumbers(from)}) n USING (account_id)` : ''} ORDER BY u._unit`;
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
      : Int32Array.from(data.numbers._cluster ?? [])
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
