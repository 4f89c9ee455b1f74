import type { Database } from './database.js';

/** Columns of a query result as arrays: numbers in Float64Array (NaN for NULL), text as strings. */
export interface ColumnData {
  readonly rows: number;
  readonly numbers: Readonly<Record<string, Float64Array>>;
  readonly texts: Readonly<Record<string, readonly (string | null)[]>>;
}

/**
 * Reads the given columns of a query chunk by chunk into arrays, never as row objects, so a
 * million rows cost a few typed arrays. Numeric columns are cast to DOUBLE, the rest to VARCHAR.
 * Rows come in the query's order: give it an ORDER BY when arrays must line up with others.
 * The query runs once: numbers are gathered per chunk and joined at the end (counting the rows
 * first would run it twice).
 *
 * @example const { numbers, texts } = await readColumns(db, 'SELECT * FROM accounts', { employees: 'number', industry: 'text' });
 */
export async function readColumns(
  db: Database,
  sql: string,
  columns: Readonly<Record<string, 'number' | 'text'>>,
): Promise<ColumnData> {
  const names = Object.keys(columns);
  const pieces: Record<string, Float64Array[]> = {};
  const texts: Record<string, (string | null)[]> = {};
  for (const n of names) {
    if (columns[n] === 'number') pieces[n] = [];
    else texts[n] = [];
  }
  // An ENUM is read as is: its values come as the type's strings, decoded once, not per row.
  const types = new Map(
    (await db.all(`DESCRIBE SELECT * FROM (${sql})`)).map((d) => [
      String(d.column_name),
      String(d.column_type),
    ]),
  );
  const select = names
    .map((n, i) => {
      if (columns[n] === 'text' && types.get(n)?.startsWith('ENUM(')) return `${quote(n)} AS c${i}`;
      return `CAST(${quote(n)} AS ${columns[n] === 'number' ? 'DOUBLE' : 'VARCHAR'}) AS c${i}`;
    })
    .join(', ');
  const result = await db.connection.stream(`SELECT ${select} FROM (${sql})`);
  let rows = 0;
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const count = chunk.rowCount;
    names.forEach((n, i) => {
      // Straight from the chunk's vector: no array of the chunk's values built in between.
      const vector = chunk.getColumnVector(i);
      const piece = pieces[n];
      if (piece) {
        const nums = new Float64Array(count).fill(Number.NaN);
        for (let r = 0; r < count; r++) {
          const v = vector.getItem(r);
          if (typeof v === 'number') nums[r] = v;
        }
        piece.push(nums);
      } else {
        const out = texts[n]!;
        for (let r = 0; r < count; r++) {
          const v = vector.getItem(r);
          out.push(typeof v === 'string' ? v : null);
        }
      }
    });
    rows += count;
  }
  const numbers: Record<string, Float64Array> = {};
  for (const [n, piece] of Object.entries(pieces)) numbers[n] = joinPieces(piece, rows);
  return { rows, numbers, texts };
}

function joinPieces(pieces: readonly Float64Array[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  let offset = 0;
  for (const p of pieces) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
