import type { Database } from '../../data/db/database.js';
import { readColumns } from '../../data/db/read-columns.js';
import type { Candidate, DiscoveryRows } from './discovery-rows.js';
import { type TableRef, uniqueTable } from './table-ref.js';

/**
 * `readDiscoveryRows` for units that repeat their account (deals): each account's attributes
 * are read once and every unit points at its account's, instead of DuckDB sending the account's
 * cells again for each of its deals. The rows, their order and the account numbering (`cluster`,
 * by first appearance) are the ones `readDiscoveryRows` gives; a unit's text cells are the very
 * strings of its account's, so a million deals hold pointers, not a million copies of each text.
 */
export async function readRowsByAccount(
  db: Database,
  unitSql: string,
  prepared: {
    readonly table: TableRef;
    readonly candidates: readonly Candidate[];
    readonly excluded: readonly { attribute: string; reason: string }[];
  },
): Promise<DiscoveryRows> {
  const keyed = uniqueTable('_unit_accounts');
  await db.run(
    `CREATE TEMP TABLE ${keyed} AS SELECT row_number() OVER (ORDER BY x.account_id) - 1 AS _k, x.*
    FROM ${prepared.table} x WHERE x.account_id IN (SELECT account_id FROM (${unitSql}))`,
  );
  try {
    const spec: Record<string, 'number' | 'text'> = {};
    for (const c of prepared.candidates) spec[c.name] = c.kind === 'numeric' ? 'number' : 'text';
    const accounts = await readColumns(db, `SELECT * FROM ${keyed} ORDER BY _k`, spec);
    const units = await readColumns(
      db,
      `SELECT u._target, u._bad, k._k FROM (${unitSql}) u JOIN ${keyed} k USING (account_id) ORDER BY u._unit`,
      { _target: 'number', _bad: 'number', _k: 'number' },
    );
    const at = units.numbers._k ?? new Float64Array(0);
    return {
      ...gather(accounts, at),
      ...outcomes(units.numbers._target, units.numbers._bad),
      ...clusters(at),
      candidates: prepared.candidates,
      excluded: prepared.excluded,
    };
  } finally {
    await db.run(`DROP TABLE ${keyed}`);
  }
}

/** Each unit's attribute cells: its account's (`at[i]`, the account's row). */
function gather(
  accounts: Pick<DiscoveryRows, 'numbers' | 'texts'>,
  at: Float64Array,
): Pick<DiscoveryRows, 'numbers' | 'texts'> {
  const numbers: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(accounts.numbers)) {
    numbers[name] = Float64Array.from(at, (k) => values[k] as number);
  }
  const texts: Record<string, (string | null)[]> = {};
  for (const [name, values] of Object.entries(accounts.texts)) {
    texts[name] = Array.from(at, (k) => values[k] ?? null);
  }
  return { numbers, texts };
}

/** The 0/1 target and bad-value outcome, as `readDiscoveryRows` reads them. */
function outcomes(
  target: Float64Array | undefined,
  bad: Float64Array | undefined,
): Pick<DiscoveryRows, 'target' | 'bad'> {
  return {
    target: Uint8Array.from(target ?? [], (v) => (v === 1 ? 1 : 0)),
    bad: bad?.some((v) => !Number.isNaN(v))
      ? Uint8Array.from(bad, (v) => (v === 1 ? 1 : 0))
      : undefined,
  };
}

/** Accounts numbered by first appearance among the units, as `readDiscoveryRows` numbers them. */
function clusters(at: Float64Array): Pick<DiscoveryRows, 'cluster' | 'clustered'> {
  const ids = new Map<number, number>();
  const cluster = Int32Array.from(at, (k) => {
    let id = ids.get(k);
    if (id === undefined) {
      id = ids.size;
      ids.set(k, id);
    }
    return id;
  });
  return { cluster, clustered: ids.size < cluster.length };
}
