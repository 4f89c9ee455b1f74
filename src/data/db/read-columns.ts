import { type TextCounts, textCounter } from '../../core/binning/column-counts.js';
import type { Database } from './database.js';

/**
 * Columns of a query result as arrays: numbers in Float64Array (NaN for NULL), text as strings,
 * and text asked for as `code` as its distinct cells with their rows and each row's code.
 */
export interface ColumnData {
  readonly rows: number;
  readonly numbers: Readonly<Record<string, Float64Array>>;
  readonly texts: Readonly<Record<string, readonly (string | null)[]>>;
  /** `code` columns: what `textCounts` gives of the column's strings, without the strings. */
  readonly codes: Readonly<Record<string, TextCounts>>;
}

/** How a column is read: a number, a string per row, or a code per row (see `ColumnData.codes`). */
export type ColumnKind = 'number' | 'text' | 'code';

/**
 * Reads the given columns of a query chunk by chunk into arrays, never as row objects, so a
 * million rows cost a few typed arrays. Numeric columns are cast to DOUBLE, the rest to VARCHAR.
 * A `code` column costs 4 bytes a row outside the JavaScript heap where a `text` one costs a
 * pointer a row inside it (at 10,000,000 accounts, gigabytes the heap limit does not hold).
 * Rows come in the query's order: give it an ORDER BY when arrays must line up with others.
 * The query runs once: numbers are gathered per chunk and joined at the end (counting the rows
 * first would run it twice).
 *
 * @example const { numbers, texts } = await readColumns(db, 'SELECT * FROM accounts', { employees: 'number', industry: 'text' });
 */
export async function readColumns(
  db: Database,
  sql: string,
  columns: Readonly<Record<string, ColumnKind>>,
): Promise<ColumnData> {
  const names = Object.keys(columns);
  const pieces: Record<string, Float64Array[]> = {};
  const texts: Record<string, (string | null)[]> = {};
  const shared: Record<string, Map<string, string>> = {};
  const coders: Record<string, Coder> = {};
  for (const n of names) {
    if (columns[n] === 'number') pieces[n] = [];
    else if (columns[n] === 'code') coders[n] = coder();
    else {
      texts[n] = [];
      shared[n] = new Map();
    }
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
      if (columns[n] !== 'number' && types.get(n)?.startsWith('ENUM('))
        return `${quote(n)} AS c${i}`;
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
        let nums = doubles(vector, count);
        if (!nums) {
          nums = new Float64Array(count).fill(Number.NaN);
          for (let r = 0; r < count; r++) {
            const v = vector.getItem(r);
            if (typeof v === 'number') nums[r] = v;
          }
        }
        piece.push(nums);
      } else if (coders[n]) {
        coders[n].add(vector, count);
      } else {
        const out = texts[n]!;
        const one = shared[n]!;
        for (let r = 0; r < count; r++) {
          const v = vector.getItem(r);
          out.push(typeof v === 'string' ? sharedString(one, v) : null);
        }
      }
    });
    rows += count;
  }
  const numbers: Record<string, Float64Array> = {};
  for (const [n, piece] of Object.entries(pieces))
    numbers[n] = joinPieces(piece, new Float64Array(rows));
  const codes: Record<string, TextCounts> = {};
  for (const [n, c] of Object.entries(coders)) codes[n] = c.done(rows);
  return { rows, numbers, texts, codes };
}

interface Coder {
  add(vector: { getItem(r: number): unknown }, count: number): void;
  done(rows: number): TextCounts;
}

/**
 * Codes a text column's cells as `textCounts` does its strings (distinct cells numbered in the
 * order first met, NULL -1, rows per cell), chunk by chunk, so the counts equal those of the
 * strings to the last row and nothing downstream can tell which it was given.
 */
function coder(): Coder {
  const counter = textCounter();
  const pieces: Int32Array[] = [];
  return {
    add(vector, count) {
      const ids = new Int32Array(count);
      const codes = enumCodes(vector, count);
      if (codes) {
        const { items, values, valid } = codes;
        for (let r = 0; r < count; r++)
          ids[r] = counter.add(valid(r) ? (values[items[r] as number] as string) : null);
      } else
        for (let r = 0; r < count; r++) {
          const v = vector.getItem(r);
          ids[r] = counter.add(typeof v === 'string' ? v : null);
        }
      pieces.push(ids);
    },
    done(rows) {
      const ids = joinPieces(pieces, new Int32Array(rows));
      return { values: counter.values, counts: counter.counts, ids };
    },
  };
}

/**
 * How the node API holds a vector of fixed-width values (its own fields: `items` viewing the
 * chunk's memory, `validity` with 64-bit words of NULL bits, `enumType` for an ENUM), read here
 * in one loop instead of a `getItem` per row, which costs a virtual call and a BigInt mask per
 * row (about 0.1 s a million rows and column). Checked field by field: a vector laid out
 * otherwise (another type, another version of the API) is read item by item.
 */
interface RawVector {
  readonly items?: unknown;
  readonly validity?: { readonly data?: unknown; readonly offset?: unknown };
  readonly enumType?: { readonly values?: unknown };
}

/** Bit r of little-endian 64-bit words, byte by byte, is bit r & 7 of byte r >> 3. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Whether row r is not NULL, from the vector's validity words (null: none is NULL). */
function validRows(vector: RawVector, count: number): ((r: number) => boolean) | undefined {
  const validity = vector.validity;
  if (validity?.offset !== 0) return undefined;
  const words = validity.data;
  if (words === null) return () => true;
  if (!(words instanceof BigUint64Array) || !LITTLE_ENDIAN || words.length * 64 < count)
    return undefined;
  const bits = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  return (r) => ((bits[r >> 3] as number) & (1 << (r & 7))) !== 0;
}

/**
 * A DOUBLE vector's values copied out, NaN for NULL, as `getItem` gives them; undefined when
 * the vector is not laid out as expected (`RawVector`).
 */
function doubles(vector: unknown, count: number): Float64Array | undefined {
  const raw = vector as RawVector;
  const items = raw.items;
  const valid = validRows(raw, count);
  if (!(items instanceof Float64Array) || items.length !== count || !valid) return undefined;
  const out = items.slice();
  for (let r = 0; r < count; r++) if (!valid(r)) out[r] = Number.NaN;
  return out;
}

/** An ENUM vector's codes, its values and its NULLs, or undefined (`RawVector`). */
function enumCodes(vector: unknown, count: number) {
  const raw = vector as RawVector;
  const { items } = raw;
  const values = raw.enumType?.values;
  const valid = validRows(raw, count);
  const typed =
    items instanceof Uint8Array || items instanceof Uint16Array || items instanceof Uint32Array;
  if (!typed || items.length !== count || !Array.isArray(values) || !valid) return undefined;
  return { items, values: values as readonly unknown[], valid };
}

/** Distinct cells a text column keeps one string of; past them, cells are kept as they come. */
const SHARED_CELLS = 65_536;

/**
 * The one string kept for the cell `v` of a column: each cell is decoded as a string of its own,
 * so a million rows of a category held a million copies of a few strings (on the 1,000,000
 * account world, tens of millions of strings between the accounts' and the deals' rows, which
 * the garbage collector walks at every full collection). A column of mostly unique cells (ids)
 * stops being shared after SHARED_CELLS distinct ones.
 */
function sharedString(seen: Map<string, string>, v: string): string {
  const kept = seen.get(v);
  if (kept !== undefined) return kept;
  if (seen.size < SHARED_CELLS) seen.set(v, v);
  return v;
}

/** The chunks' pieces one after another in `out` (as long as all of them together). */
function joinPieces<T extends Float64Array | Int32Array>(pieces: readonly T[], out: T): T {
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
