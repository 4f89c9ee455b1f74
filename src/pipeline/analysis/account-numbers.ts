/**
 * How discovery's rows name their accounts: as numbers 0, 1, ... in the order the rows first meet
 * each account (folds keep an account's rows together; intervals count accounts).
 */

/**
 * Each account of the rows `from` numbered 0, 1, ... in the order the rows ordered by `_unit`
 * first meet it (the rank of its least unit), as the map over its ids in JavaScript numbered
 * them, without reading a million account ids as strings. Units are unique (a deal's or an
 * account's id); the account id breaks a tie all the same.
 */
export function accountNumbers(from: string): string {
  return `SELECT u.account_id, CAST(row_number() OVER (ORDER BY min(u._unit), u.account_id) - 1 AS INTEGER) AS _cluster
    FROM ${from} GROUP BY u.account_id`;
}

/** Account ids numbered 0, 1, ... in the order they first occur. */
export function numberAccounts(accounts: readonly (string | null)[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(accounts, (v) => {
    const key = v ?? '';
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  });
}

/** The numeric columns read, less the account numbers (kept in `cluster`). */
export function withoutCluster(
  numbers: Readonly<Record<string, Float64Array>>,
): Record<string, Float64Array> {
  return Object.fromEntries(Object.entries(numbers).filter(([name]) => name !== '_cluster'));
}

/** How many groups numbered 0, 1, ...: one more than the largest number. */
export function distinctCount(groups: Int32Array): number {
  let max = -1;
  for (const g of groups) if (g > max) max = g;
  return max + 1;
}
