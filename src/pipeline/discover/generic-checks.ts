import { closest } from 'fastest-levenshtein';
import { DataValidationError } from '../../core/errors/data-validation-error.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, str } from '../../data/db/database.js';
import { duplicateKeys, emptyKeys } from '../../data/load/key-checks.js';
import { textExpr } from '../../data/load/parse-sql.js';
import type { RawSource } from '../../data/source/read-raw.js';
import { checkNegatives, checkPositives, type TargetCells } from './check-positives.js';

/** The checks of `discover --data`'s flags and file before discovery: flags, columns, ids, positives. */

/** Flags that cannot work, before any reading: a bad --as-of, --key with --account. */
export function checkFlags({
  asOf,
  key,
  account,
}: {
  readonly asOf?: string | undefined;
  readonly key?: string | undefined;
  readonly account?: string | undefined;
}): void {
  if (asOf !== undefined && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(asOf))
    throw new IcpError('USAGE', `--as-of: "${asOf}" is not a date. Write it YYYY-MM-DD.`);
  if (key !== undefined && account !== undefined)
    throw new IcpError(
      'USAGE',
      `--key "${key}" deals rows into folds by a hash of the key, --account "${account}" by account: give one of them.`,
    );
}

/** Each flag naming a column the file does not have is a usage error that names the closest. */
export function checkColumns(
  raw: RawSource,
  data: string,
  flags: readonly (readonly [string, string | undefined])[],
): void {
  for (const [flag, name] of flags) {
    if (name !== undefined && !raw.headers.includes(name)) {
      throw new IcpError(
        'USAGE',
        `${flag}: ${data} has no column "${name}". Did you mean "${closest(name, [...raw.headers])}"? Columns: ${raw.headers.join(', ')}.`,
      );
    }
  }
}

/** Empty and duplicate ids are errors naming the rows, as in config mode. */
export async function checkIds(db: Database, raw: RawSource, id: string): Promise<void> {
  const text = textExpr(`r.${quoteIdent(id)}`);
  const issues = [
    ...(await emptyKeys(db, raw, id, text, '')),
    ...(await duplicateKeys(db, raw, 'data', id, text)),
  ];
  if (issues.length > 0) throw new DataValidationError(issues);
}

/**
 * The positive values and the negative ones (`--negative`, none by default), each checked to
 * occur in the target column. The questions are asked of the column's distinct cells with their
 * row counts (one GROUP BY of the rows), not of every row.
 */
export async function resolveTarget(
  db: Database,
  data: string,
  target: string,
  given: {
    readonly positive: string | readonly string[];
    readonly negative?: string | readonly string[] | undefined;
  },
): Promise<{ positives: string[]; negatives: string[] }> {
  const t = textExpr('v');
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _icp_target_cells AS SELECT CAST(r.${quoteIdent(target)} AS VARCHAR) AS v, count(*) AS c FROM raw_data r GROUP BY v`,
  );
  const where = `column "${target}" of ${data}`;
  const cells: TargetCells = {
    async count(values) {
      const counts = values.map(
        (p, i) =>
          `CAST(coalesce(sum(c) FILTER (WHERE lower(${t}) = ${quoteLiteral(p.toLowerCase())}), 0) AS BIGINT) AS p${i}`,
      );
      const row = (await db.one(`SELECT ${counts.join(', ')} FROM _icp_target_cells`)) ?? {};
      return values.map((_, i) => Number(row[`p${i}`]));
    },
    async seen() {
      const values = await db.all(
        `SELECT DISTINCT lower(${t}) AS seen FROM _icp_target_cells WHERE ${t} IS NOT NULL ORDER BY 1 LIMIT 50`,
      );
      return values.map((v) => str(v.seen) ?? '');
    },
  };
  const list = (v: string | readonly string[]) => (typeof v === 'string' ? [v] : v);
  const positives = await checkPositives(list(given.positive), where, cells);
  const negative = given.negative === undefined ? undefined : list(given.negative);
  return { positives, negatives: await checkNegatives(negative, positives, where, cells) };
}
