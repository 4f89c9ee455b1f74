import type { SqlDialect } from '../parse/cell-sql.js';
import { quoteLiteral } from '../sql/quote.js';
import { clickHouseLiteral } from '../parse/clickhouse-sql.js';

/**
 * The order rows are dealt into folds in when discovery may run inside a database
 * (`icp discover --key`, `--source`): by the md5 of "seed:key", as 32 lower-case hex digits.
 * md5 of a text is one function DuckDB, PostgreSQL, ClickHouse and Node all have, with the same
 * bytes out, so each engine orders the rows alike and the m-th row of a class lands in fold
 * m mod k everywhere (`rankFolds`). `key` is SQL for the key's text (`textSql`).
 *
 * @example foldKeySql('postgres', 'k', 1) // => "md5('1:' || k)"
 */
export function foldKeySql(dialect: SqlDialect, key: string, seed: number): string {
  const prefix = `${Math.trunc(seed)}:`;
  return dialect === 'clickhouse'
    ? `lower(hex(MD5(concat(${clickHouseLiteral(prefix)}, ${key}))))`
    : `md5(${quoteLiteral(prefix)} || ${key})`;
}

/**
 * A row's rank within its class (`target`; among all rows without it) in fold-key order, from 0: `row_number()` over the class,
 * ordered byte by byte (PostgreSQL's "C" collation: hex digits compare the same in every locale
 * then, and in DuckDB, whose text order is bytes).
 */
export function classRankSql(dialect: SqlDialect, foldKey: string, target?: string): string {
  const order = dialect === 'postgres' ? `${foldKey} COLLATE "C"` : foldKey;
  const within = target === undefined ? '' : `PARTITION BY ${target} `;
  return `(row_number() OVER (${within}ORDER BY ${order}) - 1)`;
}

/**
 * How many ranks in a row decide every fold discovery deals by rank: the outer fold (rank mod
 * k), the univariate folds (2 or 3), and each outer fold's inner folds, which are dealt over the
 * training rows after sampling every e-th of them (`tuningRows`, e = ceil(training rows /
 * 50,000)): a period of k * e * (2 or 3). Rows whose ranks differ by a multiple of the period land
 * in the same folds everywhere, so a database need only send rank mod period.
 *
 * @example foldPeriod([700, 300], 5) // => 30
 */
export function foldPeriod(classRows: readonly number[], k: number, tuningRows = 50_000): number {
  let every = 1;
  for (let j = 0; j < k; j++) {
    let training = 0;
    for (const n of classRows) training += n - Math.floor((n - j + k - 1) / k);
    every = lcm(every, Math.max(1, Math.ceil(training / tuningRows)));
  }
  return k * 6 * every;
}

function lcm(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}
