import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDiscovery } from '../../core/discovery/run-discovery.js';
import { compileScoreSql, ICP_COLUMNS } from '../../core/icp/compile-sql.js';
import { attribute, bin, handIcp } from '../../../test/support/hand-icp.js';
import { scoreRecord } from '../../core/icp/score-record.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database } from '../../data/db/database.js';
import { assembleIcp } from '../discover/assemble-icp.js';
import { type ScoreStage, scoreFile } from './score-file.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-score-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A hand-built ICP: Employees trained on 10 to 5,000; Industry names fintech, retail, health
 * care. Ten training rows per bin: the weights are the spreads of the points, Employees 51%,
 * Industry 37%, Founded 12%.
 */
const icp = handIcp({
  id: 'hand1',
  attributes: [
    attribute(
      'Employees',
      'numeric',
      [
        bin({ kind: 'range', lo: null, hi: 100, label: '< 100' }, 0),
        bin({ kind: 'range', lo: 100, hi: 1000, label: '100 – 1,000' }, 30),
        bin({ kind: 'range', lo: 1000, hi: null, label: '≥ 1,000' }, 50),
        bin({ kind: 'missing', label: 'missing' }, 5),
      ],
      { min: 10, max: 5000 },
    ),
    attribute('Industry', 'categorical', [
      bin({ kind: 'categories', values: ['fintech'], label: 'Fintech' }, 40),
      bin({ kind: 'categories', values: ['retail', 'health care'], label: 'Retail' }, 20),
      bin({ kind: 'other', label: 'other' }, 10),
      bin({ kind: 'missing', label: 'missing' }, 0),
    ]),
    // An attribute from an ICP written before ranges were kept: no range, count unknown.
    attribute('Founded', 'numeric', [
      bin({ kind: 'range', lo: null, hi: 2000, label: '< 2000' }, 0),
      bin({ kind: 'range', lo: 2000, hi: null, label: '≥ 2000' }, 10),
      bin({ kind: 'missing', label: 'missing' }, 0),
    ]),
  ],
  tiers: { A: 80, B: 50, C: 30 },
});

// Per row: is Employees outside 10 – 5,000, is Industry in the "other" bin.
const ROWS: readonly [string, boolean, boolean][] = [
  ['1,50,Fintech,1999', false, false],
  ['2,5,retail,2001', true, false], // below the minimum; a named category in another case
  ['3,6000,Media,', true, true], // above the maximum; a category the ICP does not name
  ['4,,Energy,1990', false, true], // missing number (not out of range); other
  ['5,"1,200",FINTECH,2010', false, false], // thousands separator: 1200
  ['6,abc,n/a,x', false, false], // not a number and a null token: both missing
  ['7,10,Health-Care,2000', false, false], // at the minimum; punctuation: "health care"
  ['8,5000,Mining,2000', false, true], // at the maximum
  ['9,-3,  Media  ,2000', true, true],
  ['10,5000.5,,2000', true, false], // just above the maximum; industry missing
  ['11, 20 ,other,2000', false, true], // a category literally named "other" is not named
];
const csv = join(dir, 'leads.csv');
writeFileSync(csv, `id,employees,industry,founded\n${ROWS.map((r) => r[0]).join('\n')}\n`);

describe('scoreFile: values unlike the training data', () => {
  it.each(['csv', 'parquet', 'json'])(
    'counts "other" categories and numbers out of range exactly (%s out)',
    async (format) => {
      const out = join(dir, `scored.${format}`);
      const r = await scoreFile(icp, csv, out);
      expect(r.rows).toBe(11);
      expect(r.otherCategory).toEqual({ Industry: 5 });
      expect(r.outOfRange).toEqual({ Employees: 4, Founded: null });
      expect(r.missing).toEqual({ Employees: 2, Industry: 2, Founded: 2 });
      expect(r.absentColumns).toEqual([]);
      // The public output columns are unchanged: the inputs plus icp_*, no helper columns.
      const db = await Database.open();
      try {
        const cols = await db.columns(
          format === 'csv'
            ? `read_csv(${quoteLiteral(out)}, all_varchar = true)`
            : format === 'parquet'
              ? `read_parquet(${quoteLiteral(out)})`
              : `read_json(${quoteLiteral(out)})`,
        );
        expect(cols).toEqual(['id', 'employees', 'industry', 'founded', ...ICP_COLUMNS]);
      } finally {
        db.close();
      }
    },
  );

  it('agrees with the library on which rows are in the "other" bin', async () => {
    const db = await Database.open();
    try {
      const rows = await db.all(
        `SELECT * FROM read_csv(${quoteLiteral(csv)}, all_varchar = true) ORDER BY CAST(id AS INT)`,
      );
      expect(rows.map((row) => scoreRecord(icp, row).reasons[1]!.bin === 'other')).toEqual(
        ROWS.map((r) => r[2]),
      );
    } finally {
      db.close();
    }
    expect(ROWS.filter((r) => r[1]).length).toBe(4);
    expect(ROWS.filter((r) => r[2]).length).toBe(5);
  });

  it('counts nothing for an attribute with no column, and zero for a file all inside', async () => {
    const inside = join(dir, 'inside.csv');
    writeFileSync(inside, 'Employees,Sector\n10,Fintech\n5000,retail\n300,\n');
    const r = await scoreFile(icp, inside, join(dir, 'inside.parquet'));
    expect(r.absentColumns).toEqual(['Industry', 'Founded']);
    expect(r.otherCategory).toEqual({ Industry: 0 });
    expect(r.outOfRange).toEqual({ Employees: 0, Founded: null });
  });

  it('reports progress of its one pass, never decreasing, ending at 100', async () => {
    const calls: [number, number, ScoreStage][] = [];
    await scoreFile(icp, csv, join(dir, 'progress.csv'), {
      onProgress: (done, total, stage) => calls.push([done, total, stage]),
    });
    const stages = [...new Set(calls.map((c) => c[2]))];
    expect(stages).toEqual(['scoring']);
    for (const stage of stages) {
      const done = calls.filter((c) => c[2] === stage).map((c) => c[0]);
      expect(done.at(-1)).toBe(100);
      expect(done).toEqual([...done].sort((a, b) => a - b));
    }
    expect(calls.every((c) => c[1] === 100)).toBe(true);
  });

  it('plans its scoring as projections, with no IN list run as a join', async () => {
    // A join would give a streamed COPY's rows back in thread order and leave no progress.
    const from = `read_csv(${quoteLiteral(csv)}, all_varchar = true)`;
    const columns = ['id', 'employees', 'industry', 'founded'];
    const db = await Database.open();
    try {
      const plan = await db.all(
        `EXPLAIN ${compileScoreSql(icp, { dialect: 'duckdb', from, columns })}`,
      );
      expect(JSON.stringify(plan).match(/[A-Z_]*JOIN/g)).toBeNull();
    } finally {
      db.close();
    }
  });
});

describe('scoreFile: many rows', () => {
  it('writes 150,000 CSV rows in the input order and counts them as a scan of the output does', async () => {
    // More rows than two of DuckDB's row groups (122,880 rows each): on several threads a join in
    // the projection gave them back out of order; the COPY now runs on one (ordered-copy.ts).
    const big = join(dir, 'big.csv');
    const industries = "['Fintech', 'retail', 'Media', '', 'n/a', 'Energy']";
    const setup = await Database.open();
    try {
      await setup.run(
        `COPY (SELECT i AS id, CASE WHEN i % 7 = 0 THEN '' ELSE CAST((i * 37) % 6000 AS VARCHAR) END AS employees, ${industries}[i % 6 + 1] AS industry, CAST(1980 + i % 40 AS VARCHAR) AS founded, ${Array.from({ length: 12 }, (_, k) => `'note ' || (i * ${k + 3}) % 1000 AS note${k}`).join(', ')} FROM range(150000) t(i)) TO ${quoteLiteral(big)} (FORMAT csv, HEADER)`,
      );
    } finally {
      setup.close();
    }
    const out = join(dir, 'big-scored.csv');
    const r = await scoreFile(icp, big, out);
    const db = await Database.open();
    try {
      const scored = `read_csv(${quoteLiteral(out)}, all_varchar = true)`;
      const ids = (await db.all(`SELECT id FROM ${scored}`)).map((row) => Number(row.id));
      expect(ids).toEqual(Array.from({ length: 150000 }, (_, i) => i));
      const tiers = await db.all(
        `SELECT icp_tier AS tier, count(*) AS n FROM ${scored} GROUP BY ALL ORDER BY tier`,
      );
      expect(Object.entries(r.tiers).filter(([, n]) => n > 0)).toEqual(
        tiers.map((t) => [t.tier, Number(t.n)]),
      );
      const flags = await db.one(
        `SELECT count(*) FILTER (WHERE icp_near_miss = 'true') AS nm, count(*) FILTER (WHERE icp_missing LIKE '%Employees%') AS me, count(*) FILTER (WHERE icp_missing LIKE '%Industry%') AS mi FROM ${scored}`,
      );
      expect([r.rows, r.nearMiss, r.missing.Employees, r.missing.Industry]).toEqual([
        150000,
        Number(flags?.nm),
        Number(flags?.me),
        Number(flags?.mi),
      ]);
      // Employees outside 10 – 5,000 (out of range) and Media or Energy (other): counted per row.
      expect(r.outOfRange.Employees).toBe(
        Array.from({ length: 150000 }, (_, i) => i).filter(
          (i) => i % 7 !== 0 && ((i * 37) % 6000 < 10 || (i * 37) % 6000 > 5000),
        ).length,
      );
      expect(r.otherCategory.Industry).toBe(50000);
    } finally {
      db.close();
    }
  });
});

describe('training range of numeric attributes', () => {
  it('is stored by discovery from the training rows, and counted when scoring', async () => {
    // Plan is noise.
    const n = 400;
    const employees = Float64Array.from({ length: n }, (_, i) =>
      i % 50 === 7 ? Number.NaN : 20 + ((i * 37) % 380),
    );
    const plans = ['basic', 'pro', 'team', 'enterprise'];
    const plan = Array.from({ length: n }, (_, i) => plans[i % 4]!);
    // Employees above 200 are mostly positive; one row in five is flipped (no perfect split).
    const target = Uint8Array.from(employees, (e, i) =>
      (Number.isNaN(e) ? i % 2 === 0 : e > 200) !== (i % 5 === 3) ? 1 : 0,
    );
    const numbers = { Employees: employees };
    const result = runDiscovery({
      numbers,
      texts: { Plan: plan },
      candidates: [
        { name: 'Employees', kind: 'numeric' },
        { name: 'Plan', kind: 'categorical' },
      ],
      target,
      seed: 1,
    });
    expect(result.verdict.kind, result.verdict.reason).toBe('scorecard');
    const discovered = assembleIcp({
      name: 'ranges',
      parent: null,
      target: { kind: 'column', definition: 'test', eligible: n, positives: 0 },
      result,
      numbers,
      personas: undefined,
      findings: [],
      provenance: { as_of: '', rows: {}, seed: 1, settings: {}, fingerprint: 'x' },
    });
    const attrs = discovered.scorecard!.attributes;
    const emp = attrs.find((a) => a.name === 'Employees')!;
    expect(emp.range).toEqual({ min: 20, max: 399 });
    expect(attrs.find((a) => a.name === 'Plan')?.range).toBeUndefined();
    // Without the columns, as before: no range, and the ICP still reads.
    const without = assembleIcp({
      name: 'ranges',
      parent: null,
      target: { kind: 'column', definition: 'test', eligible: n, positives: 0 },
      result,
      personas: undefined,
      findings: [],
      provenance: { as_of: '', rows: {}, seed: 1, settings: {}, fingerprint: 'x' },
    });
    expect(without.scorecard!.attributes.every((a) => a.range === undefined)).toBe(true);

    const file = join(dir, 'new.csv');
    writeFileSync(file, 'Employees,Plan\n20,basic\n399,pro\n19.5,team\n400,free\n,trial\n10000,\n');
    const r = await scoreFile(discovered, file, join(dir, 'new.csv.out.csv'));
    expect(r.outOfRange.Employees).toBe(3);
    if (attrs.some((a) => a.name === 'Plan')) expect(r.otherCategory.Plan).toBe(2);
  });
});

describe('scoreFile: CSV quoting', () => {
  it('reads a doubled quote inside a quoted field as one quote, and writes it back as valid CSV', async () => {
    const input = join(dir, 'quoted.csv');
    writeFileSync(input, 'Employees,Industry\n300,"Fintech, ""B2B"""\n40,Retail\n');
    const out = join(dir, 'quoted-scored.csv');
    await scoreFile(icp, input, out);
    const db = await Database.open();
    const rows = await db.all(
      `SELECT "Industry" AS industry FROM read_csv(${quoteLiteral(out)}, all_varchar = true)`,
    );
    db.close();
    expect(rows.map((r) => r.industry)).toEqual(['Fintech, "B2B"', 'Retail']);
  });
});

describe('scoreFile: a file scored before, and foreign headers', () => {
  it("replaces the file's own icp_* columns instead of shadowing them, and summarises the new scores", async () => {
    const input = join(dir, 'scored-before.csv');
    writeFileSync(
      input,
      'id,Employees,Industry,icp_tier,ICP_Score,icp_tier_1,icp_notes\n1,2000,Fintech,D,3,D,keep me\n2,,,A,99,A,keep me too\n',
    );
    const out = join(dir, 'rescored.csv');
    const r = await scoreFile(icp, input, out);
    expect(r.replacedColumns).toEqual(['icp_tier', 'ICP_Score', 'icp_tier_1']);
    // Row 1: 50 + 40 + 0 = 90, tier A; row 2 knows nothing: unknown (the old file said A).
    expect(r.tiers).toEqual({ A: 1, B: 0, C: 0, D: 0, unknown: 1 });
    const db = await Database.open();
    try {
      const from = `read_csv(${quoteLiteral(out)}, all_varchar = true)`;
      expect(await db.columns(from)).toEqual([
        'id',
        'Employees',
        'Industry',
        'icp_notes',
        ...ICP_COLUMNS,
      ]);
      expect(
        await db.all(`SELECT icp_score, icp_tier, icp_notes FROM ${from} ORDER BY id`),
      ).toEqual([
        { icp_score: '90.0', icp_tier: 'A', icp_notes: 'keep me' },
        { icp_score: '5.0', icp_tier: 'unknown', icp_notes: 'keep me too' },
      ]);
    } finally {
      db.close();
    }
  });

  it('reads attributes from the columns --map names and says which were found, mapped or absent', async () => {
    const input = join(dir, 'foreign.csv');
    writeFileSync(input, 'headcount,sector,Founded\n450,fintech,2010\n50,Mining,\n');
    const r = await scoreFile(icp, input, join(dir, 'foreign-out.csv'), {
      map: { employees: 'HEADCOUNT', Industry: 'sector' },
    });
    expect(r.attributes.map((a) => [a.attribute, a.how, a.column])).toEqual([
      ['Employees', 'mapped', 'headcount'],
      ['Industry', 'mapped', 'sector'],
      ['Founded', 'found', 'Founded'],
    ]);
    expect(r.absentWeight).toBe(0);
    // 30 + 40 + 10 = 80: A; 0 + 10 + 0 = 10: D.
    expect(r.tiers).toEqual({ A: 1, B: 0, C: 0, D: 1, unknown: 0 });
    await expect(
      scoreFile(icp, input, join(dir, 'x.csv'), { map: { Employees: 'staff' } }),
    ).rejects.toThrow(
      `map Employees=staff: ${input} has no column "staff"; its columns are headcount, sector, Founded.`,
    );
    await expect(
      scoreFile(icp, input, join(dir, 'x.csv'), { map: { Staff: 'headcount' } }),
    ).rejects.toThrow(
      'map: "Staff" is not an attribute of ICP hand1; its attributes are Employees, Industry, Founded. Map one of those.',
    );
  });

  it('refuses a file whose columns cannot give any row a tier, unless told to go on', async () => {
    const input = join(dir, 'names.csv');
    writeFileSync(input, 'name,city,Founded\nAcme,Boston,1999\nGlobex,Springfield,2005\n');
    const error = await scoreFile(icp, input, join(dir, 'names-out.csv')).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'DATA',
      message: `${input}: no column for Employees and Industry, which carry 88% of the weight of ICP hand1's scorecard, so no row could be tiered (a tier needs 50% of the weight known). Map them to the file's columns with --map "Employees=COLUMN,Industry=COLUMN" (its columns: name, city, Founded), or score anyway with --allow-partial (every row gets tier unknown).`,
    });
    const r = await scoreFile(icp, input, join(dir, 'names-out.csv'), { allowPartial: true });
    expect(r.tiers).toEqual({ A: 0, B: 0, C: 0, D: 0, unknown: 2 });
    expect(r.market.shareAB).toBeNull();
    // A lower minimum coverage tiers them on what they have.
    const low = await scoreFile(icp, input, join(dir, 'names-out.csv'), { minCoverage: 0.1 });
    expect(low.tiers).toEqual({ A: 0, B: 0, C: 0, D: 2, unknown: 0 });
  });
});
