import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { employeesAttribute, handIcp } from '../../../test/support/hand-icp.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { scoreFile } from './score-file.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-score-read-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const icp = handIcp({
  id: 'read1',
  attributes: [employeesAttribute()],
  tiers: { A: 40, B: 30, C: 10 },
});

/** Past DuckDB's sniffing sample (20,480 rows): the header reads, the scoring pass meets the row. */
const ROWS = 30_000;
const BAD_ROW = 25_000;

function failure(run: Promise<unknown>): Promise<IcpError> {
  return run.then(
    () => {
      throw new Error('scored a file it cannot read');
    },
    (error: unknown) => {
      if (!(error instanceof IcpError)) throw error;
      return error;
    },
  );
}

describe('a row the reader cannot read, past the header and its sample', () => {
  it('is the user read error naming the file, the line and the fix, and writes nothing', async () => {
    const lines = ['id,Employees'];
    for (let i = 1; i <= ROWS; i++) lines.push(i === BAD_ROW ? `"${i},12` : `${i},${i % 900}`);
    const data = join(dir, 'leads.csv');
    writeFileSync(data, `${lines.join('\n')}\n`);
    const out = join(dir, 'scored.csv');
    const error = await failure(scoreFile(icp, data, out));
    expect(error.code).toBe('SOURCE');
    expect(error.message).toBe(
      `leads.csv line ${BAD_ROW + 1}: cannot be read as csv (CSV Error on Line: ${BAD_ROW + 1}). Check that every row has as many fields as the header and that quotes are closed.`,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('scored'))).toEqual([]);
  });

  it('names a malformed JSON line the same way', async () => {
    const lines: string[] = [];
    for (let i = 1; i <= ROWS; i++)
      lines.push(
        i === BAD_ROW ? '{"id": 7, broken' : JSON.stringify({ id: i, Employees: i % 900 }),
      );
    const data = join(dir, 'leads.ndjson');
    writeFileSync(data, `${lines.join('\n')}\n`);
    const error = await failure(scoreFile(icp, data, join(dir, 'scored.ndjson')));
    // DuckDB's JSON reader numbers this line one past the file's own count (25,000); its text is kept.
    expect(error.code).toBe('SOURCE');
    expect(error.message).toMatch(
      new RegExp(
        `^leads\\.ndjson: cannot be read as ndjson \\(Malformed JSON at byte \\d+ in line ${BAD_ROW + 1}: unexpected character\\)\\. Check that the file is valid JSON \\(an array of objects, or one object per line in a \\.ndjson file\\)\\.$`,
      ),
    );
  });
});
