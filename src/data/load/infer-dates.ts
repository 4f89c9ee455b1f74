import { datePattern } from '../../core/parse/dates.js';
import type { Database } from '../db/database.js';
import { num } from '../db/database.js';
import { rowsWhere } from './column-values.js';
import { dateExpr, GUESSABLE_DATE_FORMATS } from './parse-sql.js';

/** Cells that look like a date ("2013-12-12", "12/31/2013", "Dec 31, 2013", "31 Dec 2013"). */
export const DATE_SHAPE =
  '^(?:[0-9]{1,4}[-/.][0-9A-Za-z]{1,9}|[A-Za-z]{3,9}[ .]+[0-9]{1,2}|[0-9]{1,2} [A-Za-z]{3,9})';

/** A month ("2012-06") and a quarter ("2012-Q2"): a date broken into its parts. */
const MONTH = '%Y-%m';
const QUARTER = '%Y-Q%q';

/**
 * The reading of a date-shaped column that leaves the fewest cells unread: ISO, a month, a
 * quarter, the config's formats, then the common formats (the first wins a tie, so ISO and
 * the config come first). Undefined when no reading takes any cell.
 */
export async function chooseDateFormat(
  db: Database,
  cells: string,
  filled: number,
  configured: readonly string[],
): Promise<
  { formats: readonly string[]; part: 'day' | 'month' | 'quarter'; failures: number } | undefined
> {
  // The common formats are tried only when ISO, a month, a quarter and the config's fail.
  const first: (readonly string[])[] = [
    [],
    [MONTH],
    [QUARTER],
    ...configured.filter((f) => datePattern(f) !== undefined).map((f) => [f]),
  ];
  let found = await fewestFailures(db, cells, first);
  if (found.failures > 0) {
    const more = await fewestFailures(
      db,
      cells,
      GUESSABLE_DATE_FORMATS.map((f) => [f]),
    );
    if (more.failures < found.failures) found = more;
  }
  const { formats, failures } = found;
  if (failures >= filled) return undefined;
  const part = formats[0] === MONTH ? 'month' : formats[0] === QUARTER ? 'quarter' : 'day';
  return { formats, part, failures };
}

/**
 * The candidate reading that leaves the fewest filled cells unread (the first on a tie).
 * `cells` is a column's filled distinct cells `x` with their row counts `c` (`filledCells`).
 */
async function fewestFailures(
  db: Database,
  cells: string,
  candidates: readonly (readonly string[])[],
): Promise<{ formats: readonly string[]; failures: number }> {
  const counts = candidates.map(
    (formats, k) => `${rowsWhere(`${dateExpr('x', formats)} IS NULL`)} AS c${k}`,
  );
  const row = (await db.one(`SELECT ${counts.join(', ')} FROM ${cells}`)) ?? {};
  let best = 0;
  candidates.forEach((_, k) => {
    if (num(row[`c${k}`]) < num(row[`c${best}`])) best = k;
  });
  return { formats: candidates[best] as readonly string[], failures: num(row[`c${best}`]) };
}
