import { quoteLiteral } from '../../core/sql/quote.js';
import type { Database } from '../../data/db/database.js';

/**
 * Makes the database's COPY stream rows to the file in the query's order, holding none back.
 * On more than one thread DuckDB keeps the order by holding finished batches until the earlier
 * ones are written (its batch COPY), and how many it holds depends on thread timing: `icp score`
 * peaked at 785 MB on 1,000,000 rows and 931 MB on 10,000,000. On one thread the plan is a plain
 * COPY and the peak stays flat (260 and 250 MB), for less CPU: the batches were an extra copy of
 * every row. See docs/scoring.md, "Memory".
 */
export async function streamInOrder(db: Database): Promise<void> {
  await db.run('SET threads = 1');
}

/**
 * The COPY of `select` to `file` in `format` (csv with a header row unless `header` is false,
 * parquet, json).
 */
export function copySql(select: string, file: string, format: string, header = true): string {
  const csv = format !== 'csv' ? '' : header ? ', HEADER' : ', HEADER false';
  return `COPY (${select}) TO ${quoteLiteral(file)} (FORMAT ${format}${csv})`;
}
