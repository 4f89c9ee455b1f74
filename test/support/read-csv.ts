import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteLiteral } from '../../src/core/sql/quote.js';
import { Database, num, str } from '../../src/data/db/database.js';

/**
 * Reads CSV text a route answered with DuckDB, so quoted fields with commas and quotes count as
 * a spreadsheet would read them: through a temporary file, removed after.
 */
async function withCsvFile<T>(text: string, read: (db: Database, file: string) => Promise<T>) {
  const dir = mkdtempSync(join(tmpdir(), 'icp-read-csv-'));
  const file = join(dir, 'answer.csv');
  writeFileSync(file, text);
  const db = await Database.open();
  try {
    return await read(db, quoteLiteral(file));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The columns and the row count of a CSV. */
export function readCsv(text: string): Promise<{ columns: string[]; rows: number }> {
  return withCsvFile(text, async (db, file) => {
    const from = `read_csv(${file}, header = true, all_varchar = true)`;
    return {
      columns: await db.columns(from),
      rows: num((await db.one(`SELECT count(*) AS n FROM ${from}`))?.n),
    };
  });
}

/** The rows of a CSV as objects of exact cell text (empty cells as ''). */
export function readCells(text: string): Promise<Record<string, string>[]> {
  return withCsvFile(text, async (db, file) => {
    const rows = await db.all(`SELECT * FROM read_csv(${file}, header = true, all_varchar = true)`);
    return rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, str(v) ?? ''])),
    );
  });
}
