import { type DataIssue, formatCount } from '../../core/issues/data-issue.js';
import { showValue } from '../../core/issues/value-display.js';
import { type Database, num, str } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';

/** A row-level issue with the standard wording: `file row N, column "H": ...`. */
export function rowIssue(
  raw: Pick<RawSource, 'table' | 'file'>,
  code: DataIssue['code'],
  severity: DataIssue['severity'],
  row: number,
  column: string,
  value: string,
  count: number,
  what: string,
): DataIssue {
  const file = raw.file;
  const more =
    count > 1 ? ` (${formatCount(count - 1)} more row${count === 2 ? '' : 's'} like it)` : '';
  return {
    severity,
    code,
    table: raw.table,
    file,
    row,
    column,
    value,
    count,
    message: `${file} row ${row}, column "${column}": ${what}${more}`,
  };
}

/** The first duplicated id of a column (with the row it repeats), as an error; none when ids are unique. */
export async function duplicateKeys(
  db: Database,
  raw: Pick<RawSource, 'rawTable' | 'rowBase' | 'file'>,
  table: string,
  header: string,
  text: string,
  /** The SQL of a row's place in the file (the raw table's rowid; a parsed table carries it). */
  rid = 'r.rowid',
): Promise<DataIssue[]> {
  // Ids of distinct hashes are distinct: grouping 64-bit hashes settles most tables (every id
  // unique) for about half of grouping the ids' text, which spilled at millions of ids. Only a
  // hash seen twice (a duplicate, or two ids of one hash) takes the grouping by id below.
  const repeated = await db.one(
    `SELECT count(*) AS n FROM (SELECT hash(${text}) AS h FROM ${raw.rawTable} AS r WHERE ${text} IS NOT NULL GROUP BY h HAVING count(*) > 1)`,
  );
  if (num(repeated?.n) === 0) return [];
  const rows = await db.all(
    // The row a duplicate repeats at is found for the duplicated ids only: a sorted list of
    // rows for every id of a table of millions cost a fifth of the check.
    `WITH k AS (SELECT ${text} AS id, ${rid} AS rid FROM ${raw.rawTable} AS r WHERE ${text} IS NOT NULL),
     g AS (SELECT id, count(*) AS n, min(rid) AS first FROM k GROUP BY id HAVING count(*) > 1),
     d AS (SELECT g.id, g.n, g.first, min(k.rid) AS second FROM g JOIN k ON k.id = g.id AND k.rid > g.first GROUP BY ALL)
     SELECT (SELECT count(*) FROM d) AS values, (SELECT sum(n - 1) FROM d) AS extra, id, n, first, second FROM d ORDER BY second LIMIT 1`,
  );
  const d = rows[0];
  if (!d) return [];
  const id = str(d.id) ?? '';
  const second = num(d.second) + raw.rowBase;
  const first = num(d.first) + raw.rowBase;
  const extra = num(d.extra);
  const more =
    extra > 1 ? ` (${formatCount(extra - 1)} more duplicate row${extra === 2 ? '' : 's'})` : '';
  const file = raw.file;
  return [
    {
      severity: 'error',
      code: 'duplicate_key',
      table,
      file,
      row: second,
      column: header,
      value: id,
      count: extra,
      message: `${file} row ${second}, column "${header}": ${showValue(id)} is already used at row ${first}; ids must be unique. Remove the duplicate row or give it its own id${more}.`,
    },
  ];
}

/** Rows whose id is empty, as one error naming the first (the rule `columnChecks` applies in config mode). */
export async function emptyKeys(
  db: Database,
  raw: Pick<RawSource, 'rawTable' | 'rowBase' | 'file' | 'table'>,
  header: string,
  text: string,
  noun: string,
): Promise<DataIssue[]> {
  const row = await db.one(
    `SELECT count(*) AS n, min(r.rowid) AS first FROM ${raw.rawTable} AS r WHERE ${text} IS NULL`,
  );
  const n = num(row?.n);
  if (n === 0) return [];
  const what = `empty, but every ${noun === '' ? '' : `${noun} `}row needs an id. Fill it in or remove the row.`;
  return [
    rowIssue(raw, 'missing_key', 'error', num(row?.first) + raw.rowBase, header, '', n, what),
  ];
}
