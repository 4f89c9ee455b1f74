import type { DeriveRule } from '../../core/parse/derive.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { str } from '../../data/db/database.js';
import type { DerivedPart } from '../../data/load/infer-parts.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { latestDate } from '../value/customer-value.js';
import {
  type AttributePlan,
  type PlannedColumn,
  planAttributes,
  unreadableNote,
} from './attribute-plan.js';
import { type TableRef, uniqueTable } from './table-ref.js';

export type Candidate = { name: string; kind: 'numeric' | 'categorical' };

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
  let from = ['accounts a', ...extra.joins].join(' ');
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
): Promise<AttributePlan & { joins: readonly string[] }> {
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
  const lists = planned.filter((p) => p.type.kind === 'list').map((p) => p.name);
  const onCells = onDistinctCells(plan, lists);
  return {
    joins: onCells.joins,
    select: [...select, ...onCells.select],
    candidates: [...candidates, ...plan.candidates],
    derive: plan.derive,
    excluded: plan.excluded,
    notes: [...notes, ...plan.notes],
  };
}

/**
 * The plan's items of each list column computed once per distinct cell of the column and joined
 * back, instead of once per account: a has-X item splits and normalises the cell (a regular
 * expression) for each of the list's frequent values, eight times a row for the generated
 * world's "Tech Stack", which has 375 distinct cells at 300,000 accounts. Each item is the same
 * expression over the same cell, so the same value; the cell is matched with IS NOT DISTINCT
 * FROM, an empty cell included.
 */
function onDistinctCells(
  plan: AttributePlan,
  columns: readonly string[],
): { select: readonly string[]; joins: readonly string[] } {
  const select = [...plan.select];
  const joins = columns.flatMap((column, i) => {
    const at = plan.select.flatMap((_, j) => (plan.sources?.[j] === column ? [j] : []));
    if (at.length === 0) return [];
    const alias = `l${i}`;
    const col = quoteIdent(column);
    for (const j of at) select[j] = `${alias}.${quoteIdent(plan.names?.[j] ?? '')}`;
    // The items read the cell as a.<column>, as over the accounts: here a is the distinct cells.
    const items = at.map((j) => plan.select[j]).join(', ');
    return [
      `LEFT JOIN (SELECT a.${col} AS __icp_cell, ${items} FROM (SELECT DISTINCT ${col} FROM accounts) a) ${alias} ON ${alias}.__icp_cell IS NOT DISTINCT FROM a.${col}`,
    ];
  });
  return { select, joins };
}
