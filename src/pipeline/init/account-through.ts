import { type TableName, tableSpec } from '../../core/model/canonical.js';
import { headerKey } from '../../core/shapes/header-key.js';
import { rankShapes, type ShapeMatch } from '../../core/shapes/match-shape.js';

/** A file whose rows take their account through another table's record (`account_from`). */
export interface ThroughMatch {
  readonly match: ShapeMatch;
  /** The file's header holding the other table's key. */
  readonly column: string;
  readonly table: TableName;
  /** The file that table comes from. */
  readonly from: string;
}

/**
 * A file no table fits may name another table's record instead of an account: RavenStack's
 * feature usage carries a subscription_id, and its subscriptions carry the account. When one of
 * the file's headers is the key header of a table already found (other than accounts), the
 * file's shape is looked for without an account column, and its rows take their account
 * through that table. Only a guess better than weak is taken; icp check then reports how many
 * rows link.
 */
export function matchThrough(
  headers: readonly string[],
  file: string,
  assigned: ReadonlyMap<string, ShapeMatch>,
  taken: ReadonlySet<TableName>,
): ThroughMatch | undefined {
  const others = [...assigned].sort(([a], [b]) => a.localeCompare(b));
  for (const [from, found] of others) {
    const key = tableSpec(found.table).key;
    const keyHeader = key === undefined ? undefined : found.columns[key]?.header;
    if (found.table === 'accounts' || keyHeader === undefined) continue;
    const column = headers.find((h) => headerKey(h) === headerKey(keyHeader));
    if (column === undefined) continue;
    const match = rankShapes(headers, { file, accountFrom: true }).find(
      (m) =>
        !taken.has(m.table) &&
        m.table !== 'accounts' &&
        m.table !== found.table &&
        m.confidence !== 'weak' &&
        !Object.values(m.columns).some((c) => c.header === column),
    );
    if (match) return { match, column, table: found.table, from };
  }
  return undefined;
}
