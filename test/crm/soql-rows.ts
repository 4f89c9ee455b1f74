import type { SfRecord } from './salesforce-fixture.js';

/**
 * The rows a SOQL query of the shapes the connector sends selects: not deleted, `WHERE Id >
 * 'x'` (a full pull resumed after the last record read) or `WHERE SystemModstamp >= datetime`
 * (an incremental pull), sorted by the `ORDER BY` fields. A WHERE clause of another shape gives
 * the message of Salesforce's MALFORMED_QUERY instead.
 */
export function soqlRows(
  all: readonly SfRecord[],
  where: string | undefined,
  order: string | undefined,
): SfRecord[] | string {
  let rows = all.filter((r) => !r.IsDeleted);
  if (where) {
    const w =
      /^(Id > '([A-Za-z0-9]+)'|SystemModstamp >= (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z))$/.exec(
        where,
      );
    if (!w) return `the emulation does not read WHERE ${where}`;
    if (w[2] !== undefined) rows = rows.filter((r) => r.Id > w[2]!);
    else {
      const since = Date.parse(w[3]!);
      rows = rows.filter((r) => r.SystemModstamp >= since);
    }
  }
  if (!order) return rows;
  const keys = order.split(',').map((k) => k.trim().replace(/ ASC$/, ''));
  return rows.sort((a, b) => {
    for (const k of keys) {
      const x = a[k] as string | number;
      const y = b[k] as string | number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
}
