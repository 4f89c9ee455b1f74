import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attribute, bin, handIcp } from '../../../test/support/hand-icp.js';
import { icp } from '../../../test/support/icp-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-score-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Employees carries 60% of the weight, Industry 40% (ten training rows per bin). */
const icpFile = join(dir, 'icp.json');
writeFileSync(
  icpFile,
  JSON.stringify(
    handIcp({
      id: 'cli1',
      attributes: [
        attribute('Employees', 'numeric', [
          bin({ kind: 'range', lo: null, hi: 100, label: '< 100' }, 0),
          bin({ kind: 'range', lo: 100, hi: null, label: '≥ 100' }, 60),
          bin({ kind: 'missing', label: 'missing' }, 30),
        ]),
        attribute('Industry', 'categorical', [
          bin({ kind: 'categories', values: ['fintech'], label: 'Fintech' }, 40),
          bin({ kind: 'other', label: 'other' }, 0),
          bin({ kind: 'missing', label: 'missing' }, 20),
        ]),
      ],
      tiers: { A: 90, B: 60, C: 30 },
    }),
  ),
);

/** `icp score --icp <the hand-built ICP> --data <data> --out <out> ...flags`. */
const score = (data: string, out: string, ...flags: string[]) =>
  icp('score', '--icp', icpFile, '--data', data, '--out', out, ...flags);

describe('icp score on a foreign file', () => {
  it('maps headers with --map and says what it found, mapped and lacks', async () => {
    const data = join(dir, 'leads.csv');
    writeFileSync(data, 'company,staff,sector\nA,500,Fintech\nB,20,Fintech\nC,20,Mining\n');
    const out = join(dir, 'leads-scored.csv');
    const r = await score(data, out, '--map', 'Employees=staff');
    expect(r).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        `Scored 3 rows against ICP cli1 into ${out}.`,
        "Attributes: mapped Employees <- staff; absent Industry (40% of the scorecard's weight, scored as missing).",
        'Map absent attributes to the file\'s columns with --map "Industry=COLUMN".',
        // Industry scores its missing bin, 20: 60 + 20 = 80 is B, 0 + 20 is D.
        "Tiers: A 0, B 1, C 0, D 2, unknown 0 (under 50% of the scorecard's weight known); 0 disqualified by a hard rule; 0 near misses.",
        'As a market: A 0; B 1; C 0; D 2 (the ICP records no revenue per tier, so no ARR is estimated).',
        'Tiers A-B hold 33.3% of the 3 tiered companies (not too narrow: 5% or more).',
        'No training range in this ICP for: Employees (written before ranges were kept); discover again to count numbers outside it.',
        '',
      ].join('\n'),
    });
  });

  it('refuses with exit 3 when most of the weight is absent, and scores with --allow-partial', async () => {
    const data = join(dir, 'names.csv');
    writeFileSync(data, 'company,Industry\nA,Fintech\n');
    const out = join(dir, 'names-scored.csv');
    const refused = await score(data, out);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toBe(
      `icp: ${data}: no column for Employees, which carry 60% of the weight of ICP cli1's scorecard, so no row could be tiered (a tier needs 50% of the weight known). Map them to the file's columns with --map "Employees=COLUMN" (its columns: company, Industry), or score anyway with --allow-partial (every row gets tier unknown).\n`,
    );
    const partial = await score(data, out, '--allow-partial', '--json');
    expect(partial.status).toBe(0);
    expect(JSON.parse(partial.stdout).tiers).toEqual({ A: 0, B: 0, C: 0, D: 0, unknown: 1 });
  });

  it('finds a derived attribute through its source column (a date read as an age)', async () => {
    const aged = join(dir, 'aged-icp.json');
    const founded = {
      ...attribute('founded (years ago)', 'numeric', [
        bin({ kind: 'range', lo: null, hi: 10, label: '< 10' }, 0),
        bin({ kind: 'range', lo: 10, hi: null, label: '≥ 10' }, 60),
        bin({ kind: 'missing', label: 'missing' }, 0),
      ]),
      derive: { kind: 'age_years' as const, from: 'founded', as_of: '2020-06-30' },
    };
    writeFileSync(
      aged,
      JSON.stringify(
        handIcp({ id: 'aged1', attributes: [founded], tiers: { A: 90, B: 50, C: 30 } }),
      ),
    );
    const data = join(dir, 'aged.csv');
    writeFileSync(data, 'company,founded\nOld,2001-03-01\nNew,2015-03-01\nUnknown,\n');
    const out = join(dir, 'aged-scored.csv');
    const r = await icp('score', '--icp', aged, '--data', data, '--out', out, '--allow-partial');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      `Scored 3 rows against ICP aged1 into ${out}.`,
      'Attributes: found founded (years ago).',
      "Tiers: A 0, B 1, C 0, D 1, unknown 1 (under 50% of the scorecard's weight known); 0 disqualified by a hard rule; 0 near misses.",
    ]);
  });

  it('names a bad --map or --min-coverage, exit 2', async () => {
    const data = join(dir, 'names.csv');
    const out = join(dir, 'x.csv');
    const bad = await score(data, out, '--map', 'Employees');
    expect([bad.status, bad.stderr]).toEqual([
      2,
      'icp: --map: "Employees" is not ATTRIBUTE=COLUMN. Write for example --map "Employees=employee_count,Industry=category_list".\n',
    ]);
    const share = await score(data, out, '--min-coverage', '60%');
    expect([share.status, share.stderr]).toEqual([
      2,
      'icp: --min-coverage: "60%" is not a share from 0 to 1. Pass e.g. --min-coverage 0.5.\n',
    ]);
  });
});
