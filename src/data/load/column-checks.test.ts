import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/database.js';
import { columnChecks, type RowCheck } from './column-checks.js';

// The cells of a date column as loaded: the text and the date it parses as (NULL: not a date).
const CELLS = `(VALUES ('1850-03-01', DATE '1850-03-01'), ('1900-01-01', DATE '1900-01-01'),
  ('2026-06-30', DATE '2026-06-30'), ('2027-11-24', DATE '2027-11-24'), ('31/02/2026', NULL),
  (NULL, NULL)) AS cells(t, p)`;

let db: Database;
beforeAll(async () => {
  db = await Database.open();
});
afterAll(async () => {
  await db.close();
});

/** The cells a check flags, in text order. */
async function flagged(check: RowCheck): Promise<string[]> {
  const rows = await db.all(`SELECT t FROM ${CELLS} WHERE ${check.when} ORDER BY t`);
  return rows.map((r) => String(r.t));
}

describe('columnChecks of a date column', () => {
  const checks = columnChecks(
    'accounts',
    'Created',
    { type: 'date', required: false, aliases: [] },
    { text: 't', parsed: 'p' },
    { today: '2026-11-23', isKey: false, canonical: 'created_at' },
  );

  it('checks that it parses, is not before 1900 and not more than a year after today', async () => {
    expect(checks.map((c) => [c.code, c.severity, c.column])).toEqual([
      ['bad_date', 'error', 'Created'],
      ['out_of_range', 'error', 'Created'],
      ['future_date', 'error', 'Created'],
    ]);
    expect(await flagged(checks[0]!)).toEqual(['31/02/2026']);
    expect(await flagged(checks[1]!)).toEqual(['1850-03-01']);
    expect(await flagged(checks[2]!)).toEqual(['2027-11-24']);
  });

  it('names the bad value and the fix', () => {
    expect(checks[1]!.describe('1850-03-01')).toBe(
      '"1850-03-01" is before 1900, which cannot be right. Correct the date or leave it empty.',
    );
    expect(checks[2]!.describe('2027-11-24')).toBe(
      '"2027-11-24" is more than a year after today (2026-11-23). Correct the date or leave it empty.',
    );
  });
});
