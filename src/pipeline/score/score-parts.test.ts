import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employeesAndIndustry } from '../../../test/support/hand-icp.js';
import { compileScoreSql, compileUnseenSql } from '../../core/icp/compile-sql.js';
import { tallyKeys } from '../../core/icp/tally-sql.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database } from '../../data/db/database.js';
import { openSource } from '../../data/source/read-raw.js';
import { scoreFile } from './score-file.js';
import {
  estimateRows,
  runParts,
  SPLIT_MIN_MEMORY,
  SPLIT_MIN_ROWS,
  splitRow,
} from './score-parts.js';
import { closeParts, openParts, prepareParts, tallied, writeParts } from './scoring-pass.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-score-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const icp = employeesAndIndustry('parts1');
const ROWS = 150_000;
const big = join(dir, 'big.csv');

beforeAll(async () => {
  // Formula-like cells ("=1+1", "-5"), quotes, missing and unseen values, every tier.
  const db = await Database.open();
  try {
    await db.run(
      `COPY (SELECT i AS id, CASE WHEN i % 11 = 0 THEN '' ELSE CAST((i * 37) % 6000 AS VARCHAR) END AS employees, ['SaaS', 'retail', '=1+1', '', 'n/a', '-5', 'say "hi"'][i % 7 + 1] AS industry FROM range(${ROWS}) t(i)) TO ${quoteLiteral(big)} (FORMAT csv, HEADER)`,
    );
  } finally {
    db.close();
  }
});

/** The scored bytes and counts of `big` in the parts `at` makes (one part when undefined). */
async function scoreInParts(at: number | undefined, format: string, neutralise: boolean) {
  const out = join(dir, `out-${at}-${neutralise}.${format}`);
  const temp = `${out}.tmp`;
  const db = await Database.open();
  const opened = await openSource('input', { path: 'big.csv' }, big);
  let parts: Awaited<ReturnType<typeof openParts>> = [];
  const progress: number[] = [];
  try {
    const headers = await db.columns(opened.reader);
    const compile = { dialect: 'duckdb', columns: headers } as const;
    const keys = tallyKeys(2, compileUnseenSql(icp, compile));
    const split = at === undefined ? undefined : { at, rows: ROWS };
    parts = await openParts(db, opened.reader, split, temp, out);
    await prepareParts(parts, keys, (from) =>
      compileScoreSql(icp, { ...compile, from, tally: true }),
    );
    await writeParts(parts, format, neutralise, (done) => progress.push(done));
    const counts = await tallied(parts);
    return { bytes: readFileSync(temp), counts, progress };
  } finally {
    await closeParts(parts);
    await opened.close();
    db.close();
  }
}

describe('scoring in two parts at once', () => {
  it('writes the bytes and counts of one part, wherever the second part starts', async () => {
    for (const [format, neutralise] of [
      ['csv', true],
      ['csv', false],
      ['json', false],
    ] as const) {
      const one = await scoreInParts(undefined, format, neutralise);
      expect(one.counts.n).toBe(ROWS);
      for (const at of [0, 79_500, ROWS]) {
        const two = await scoreInParts(at, format, neutralise);
        expect(two.bytes.equals(one.bytes), `${format} at row ${at}`).toBe(true);
        expect(two.counts).toEqual(one.counts);
        expect(two.progress.at(-1)).toBe(100);
        expect(two.progress).toEqual([...two.progress].sort((a, b) => a - b));
      }
    }
  });

  it('scores files of SPLIT_MIN_ROWS rows or more in two parts, in their order', async () => {
    const opened = await openSource('input', { path: 'big.csv' }, big);
    const db = await Database.open();
    try {
      // Rows of 8 to 30 bytes, the shorter ids first: the first MiB's lines give a few % more.
      const rows = await estimateRows(db, opened);
      expect(rows).toBe(153_993);
      expect(splitRow(rows, 'csv', undefined)).toBeGreaterThan(0);
    } finally {
      await opened.close();
      db.close();
    }
    const out = join(dir, 'scored.csv');
    const r = await scoreFile(icp, big, out);
    expect(r.rows).toBe(ROWS);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(ROWS + 1);
    expect(lines.slice(1).every((line, i) => line.startsWith(`${i},`))).toBe(true);
  });
});

describe('splitRow', () => {
  it('splits CSV and NDJSON output of enough rows with room in memory and two cores, never Parquet', () => {
    expect(splitRow(1_000_000, 'csv', undefined, 2)).toBe(530_000);
    expect(splitRow(SPLIT_MIN_ROWS, 'json', 2 ** 31, 2)).toBe(53_000);
    expect(splitRow(SPLIT_MIN_ROWS - 1, 'csv', undefined)).toBeUndefined();
    expect(splitRow(1_000_000, 'parquet', undefined)).toBeUndefined();
    expect(splitRow(1_000_000, 'csv', SPLIT_MIN_MEMORY - 1)).toBeUndefined();
    expect(splitRow(1_000_000, 'csv', undefined, 1)).toBeUndefined();
  });
});

describe('estimateRows', () => {
  it("counts a text file's lines from its first MiB, less the header, and Parquet's rows exactly", async () => {
    // Lines of 64 bytes: 16,384 in the first MiB, so the estimate is exact.
    const csv = join(dir, 'even.csv');
    const line = (s: string) => `${s.padEnd(63, 'x')}\n`;
    writeFileSync(
      csv,
      line('id') + Array.from({ length: 70_000 }, (_, i) => line(`${i},`)).join(''),
    );
    const parquet = join(dir, 'even.parquet');
    const db = await Database.open();
    try {
      await db.run(
        `COPY (SELECT * FROM range(123457)) TO ${quoteLiteral(parquet)} (FORMAT parquet)`,
      );
      for (const [file, rows] of [
        [csv, 70_000],
        [parquet, 123_457],
      ] as const) {
        const opened = await openSource('input', { path: file }, file);
        try {
          expect(await estimateRows(db, opened)).toBe(rows);
        } finally {
          await opened.close();
        }
      }
    } finally {
      db.close();
    }
  });
});

describe('runParts', () => {
  it("throws the first part's failure and interrupts the part still running", async () => {
    const dbs = [await Database.open(), await Database.open()];
    try {
      const run = runParts(dbs, (db, part) =>
        part === 0
          ? new Promise((r) => setTimeout(r, 200)).then(() => db.run('SELECT no_such_column'))
          : // Hours of work unless interrupted.
            db.run(
              'SELECT count(*) FROM range(1e13::BIGINT) a, range(10) b WHERE a.range % 7 = b.range',
            ),
      );
      await expect(run).rejects.toThrow(/no_such_column/);
    } finally {
      for (const db of dbs) db.close();
    }
  });
});
