import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type IcpDefinition, icpDefinitionSchema } from '../../core/icp/definition.js';
import { scoreRecord } from '../../core/icp/score-record.js';
import { neutraliseFormula } from '../../core/sql/csv-formula.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database, str } from '../../data/db/database.js';
import { scoreFile } from './score-file.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-score-formulas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bin = (b: object, points: number) => ({ bin: b, points, woe: 0, count: 10, positives: 2 });

/** An ICP whose numeric attribute's name starts like a formula: its header gets the quote too. */
const icp: IcpDefinition = icpDefinitionSchema.parse({
  format: 'icp-engine/icp@1',
  id: 'formulas1',
  parent: null,
  name: 'formulas',
  target: { kind: 'ideal', definition: 'test', eligible: 100, positives: 20, base_rate: 0.2 },
  verdict: { kind: 'scorecard', reason: 'test' },
  scorecard: {
    intercept: -3,
    scale: 0.05,
    calibration: { a: 1, b: 0 },
    attributes: [
      {
        name: '@Employees',
        kind: 'numeric',
        coefficient: 1,
        information_value: 0.3,
        range: { min: 0, max: 5000 },
        bins: [
          bin({ kind: 'range', lo: null, hi: 100, label: '< 100' }, 0),
          bin({ kind: 'range', lo: 100, hi: null, label: '≥ 100' }, 30),
          bin({ kind: 'missing', label: 'missing' }, 5),
        ],
      },
      {
        name: 'Industry',
        kind: 'categorical',
        coefficient: 1,
        information_value: 0.2,
        bins: [
          bin({ kind: 'categories', values: ['fintech'], label: 'Fintech' }, 40),
          bin({ kind: 'other', label: 'other' }, 10),
          bin({ kind: 'missing', label: 'missing' }, 0),
        ],
      },
    ],
  },
  tiers: { A: 60, B: 40, C: 20 },
  rules: [],
  segments: [],
  anti_segments: [],
  excluded: [],
  evidence: [],
  personas: [],
  findings: [],
  validation: null,
  provenance: {
    engine: 'test',
    data_fingerprint: 'x',
    as_of: '2026-01-01',
    rows: {},
    seed: 1,
    settings: {},
  },
});

/** The cells the issue names, one a row, each with the exact cell `icp score` must write. */
const cells: readonly (readonly [string, string])[] = [
  ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
  ['+1+1', `'+1+1`],
  ['-2+3', `'-2+3`],
  ['@SUM(A1)', `'@SUM(A1)`],
  ['\t=1', `'\t=1`],
  ['-12.5', '-12.5'],
  ['+44 20 7946 0000', `'+44 20 7946 0000`],
  ['+442079460000', '+442079460000'],
  ['-1,200.50', '-1,200.50'],
  ['-', '-'],
  ['plain text', 'plain text'],
  ["'=already quoted", "'=already quoted"],
  ['', ''],
];
const employees = ['450', '-12.5', '', '=1+1', '12'];

/** Every field quoted, inner quotes doubled: the CSV holds each cell exactly. */
const csvLine = (fields: readonly string[]) =>
  fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(',');

const input = join(dir, 'leads.csv');
writeFileSync(
  input,
  `${[
    csvLine(['@Employees', 'Industry', '=Note']),
    ...cells.map(([raw], i) => csvLine([employees[i % employees.length]!, 'Fintech', raw])),
  ].join('\n')}\n`,
);

async function readBack(file: string): Promise<{ columns: string[]; rows: string[][] }> {
  const db = await Database.open();
  try {
    const from = `read_csv(${quoteLiteral(file)}, all_varchar = true, header = true)`;
    const columns = await db.columns(from);
    const rows = await db.all(`SELECT * FROM ${from}`);
    return { columns, rows: rows.map((r) => columns.map((c) => str(r[c]) ?? '')) };
  } finally {
    db.close();
  }
}

describe('scoreFile: spreadsheet formulas in CSV output', () => {
  it('puts a quote before every text cell and header that starts like a formula, not before plain numbers', async () => {
    const out = join(dir, 'scored.csv');
    const result = await scoreFile(icp, input, out);
    const { columns, rows } = await readBack(out);
    expect(columns.slice(0, 4)).toEqual([`'@Employees`, 'Industry', `'=Note`, 'icp_score']);
    expect(rows.map((r) => r[2])).toEqual(cells.map(([, safe]) => safe));
    expect(rows.map((r) => r[0])).toEqual(
      cells.map((_, i) => neutraliseFormula(employees[i % employees.length]!)),
    );
    // icp_missing lists attribute names: "@Employees" there is neutralised as well.
    const missing = columns.indexOf('icp_missing');
    expect(rows.map((r) => r[missing])).toEqual(
      cells.map((_, i) => {
        const e = employees[i % employees.length]!;
        return e === '' || e === '=1+1' ? `'@Employees` : '';
      }),
    );
    // The summary reads the file back and undoes the quotes: the counts are the library's.
    const records = cells.map((_, i) => ({
      '@Employees': employees[i % employees.length]!,
      Industry: 'Fintech',
    }));
    expect(result.rows).toBe(cells.length);
    expect(result.missing).toEqual({
      '@Employees': records.filter((r) => scoreRecord(icp, r).missing.includes('@Employees'))
        .length,
      Industry: 0,
    });
    expect(result.missing['@Employees']).toBe(5);
    expect(result.outOfRange).toEqual({ '@Employees': 3 });
    expect(result.absentColumns).toEqual([]);
  });

  it('neutralises a cell starting with a carriage return (read from NDJSON: a CSV reader takes a lone CR for a line break)', async () => {
    const ndjson = join(dir, 'cr.ndjson');
    writeFileSync(ndjson, `${JSON.stringify({ Industry: 'Fintech', Note: '\r=1' })}\n`);
    const out = join(dir, 'cr.csv');
    await scoreFile(icp, ndjson, out);
    const { columns, rows } = await readBack(out);
    expect(columns.slice(0, 2)).toEqual(['Industry', 'Note']);
    expect(rows.map((r) => r[1])).toEqual([`'\r=1`]);
  });

  it('writes every cell as it is with rawCsv, and never changes Parquet', async () => {
    const out = join(dir, 'raw.csv');
    await scoreFile(icp, input, out, { rawCsv: true });
    const raw = await readBack(out);
    expect(raw.columns.slice(0, 3)).toEqual(['@Employees', 'Industry', '=Note']);
    expect(raw.rows.map((r) => r[2])).toEqual(cells.map(([cell]) => cell));
    expect(readFileSync(out, 'utf8')).toContain('"=HYPERLINK(""x"")"');

    const parquet = join(dir, 'scored.parquet');
    await scoreFile(icp, input, parquet);
    const db = await Database.open();
    const notes = await db.all(
      `SELECT "=Note" AS note FROM read_parquet(${quoteLiteral(parquet)})`,
    );
    db.close();
    expect(notes.map((r) => str(r.note) ?? '')).toEqual(cells.map(([cell]) => cell));
  });
});
