import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import type { IcpDefinition } from '../src/core/icp/definition.js';

/**
 * The Crunchbase export of October 2013 (../shared/datasets, read in place): a real file with
 * Excel debris in its funding column, dates, a date broken into month, quarter and year, CR
 * line endings and Mac-Roman bytes. `icp discover --data` must read it as it means.
 */
const FILE = '../shared/datasets/company-universe-crunchbase-2013/crunchbase-companies.csv';
const dir = mkdtempSync(join(tmpdir(), 'icp-crunchbase-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function discover(out: string, ...extra: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await run(
    [
      'discover',
      '--data',
      FILE,
      '--target',
      'status',
      '--positive',
      'acquired,ipo',
      '--id',
      'permalink',
      '--out',
      out,
      '--no-registry',
      ...extra,
    ],
    {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      isTTY: false,
    },
  );
  return { status, stdout, stderr, icp: JSON.parse(readFileSync(out, 'utf8')) as IcpDefinition };
}

/** A year written with a thousands separator: "2,003" (but not the "2,000" of "2,000,000"). */
const SEPARATED_YEAR = /\b(1,9[0-9]{2}|2,0[0-9]{2}|2,100)(?![,0-9])/;

/** Every label the ICP shows for a bin or a segment. */
function labels(icp: IcpDefinition): string[] {
  return [
    ...icp.evidence.flatMap((e) => e.bins.map((b) => `${e.attribute} ${b.label}`)),
    ...(icp.scorecard?.attributes ?? []).flatMap((a) =>
      a.bins.map((b) => `${a.name} ${b.bin.label}`),
    ),
    ...icp.segments.map((s) => s.label),
    ...icp.anti_segments.map((s) => s.label),
  ];
}

describe('icp discover --data on the Crunchbase companies', () => {
  it('reads funding as a number naming its 13 bad cells, founding dates as ages, no year with a separator', async () => {
    const r = await discover(join(dir, 'x.json'));
    expect(r.status).toBe(0);
    const funding = r.icp.evidence.find((e) => e.attribute === 'funding_total_usd');
    expect(funding?.kind).toBe('numeric');
    const note =
      'funding_total_usd: 13 of 16,222 filled cells are not numbers and are read as missing: row 7714 "5/18/27", row 7717 "8/21/58", row 7756 "12/9/37" and 10 more.';
    expect(r.icp.findings).toContain(note);
    expect(r.stdout).toContain(note);
    expect(r.icp.target.positives).toBe(1673 + 344);
    const founded = r.icp.evidence.find((e) => e.attribute === 'founded_at (years ago)');
    expect(founded?.kind).toBe('numeric');
    expect(r.icp.evidence.some((e) => /^founded_(at|month|quarter|year)$/.test(e.attribute))).toBe(
      false,
    );
    expect(r.icp.excluded.filter((x) => x.attribute.startsWith('founded_'))).toEqual([
      { attribute: 'founded_month', reason: 'the month of founded_at, which enters as its age' },
      {
        attribute: 'founded_quarter',
        reason: 'the quarter of founded_at, which enters as its age',
      },
      { attribute: 'founded_year', reason: 'the year of founded_at, which enters as its age' },
    ]);
    // The as-of date is the latest date in the file, recorded and stored with each age.
    expect(r.icp.provenance.as_of).toBe('2014-09-17');
    for (const a of r.icp.scorecard!.attributes.filter((x) => x.derive?.kind === 'age_years'))
      expect(a.derive).toMatchObject({ as_of: '2014-09-17' });
    expect(labels(r.icp).filter((l) => SEPARATED_YEAR.test(l))).toEqual([]);
  }, 300_000);

  it('without the founding date, keeps its year as a year: labels like "2003 – 2008"', async () => {
    const r = await discover(
      join(dir, 'y.json'),
      '--exclude',
      'founded_at',
      '--as-of',
      '2013-12-31',
    );
    expect(r.status).toBe(0);
    const year = r.icp.evidence.find((e) => e.attribute === 'founded_year');
    expect(year?.kind).toBe('numeric');
    const shown = year!.bins.map((b) => b.label).filter((l) => l !== 'missing');
    expect(shown.length).toBeGreaterThan(1);
    for (const l of shown)
      expect(l).toMatch(
        /^(< (19|20)[0-9]{2}|(19|20)[0-9]{2} – (19|20)[0-9]{2}|≥ (19|20)[0-9]{2})$/,
      );
    expect(labels(r.icp).filter((l) => SEPARATED_YEAR.test(l))).toEqual([]);
    expect(r.icp.provenance.as_of).toBe('2013-12-31');
    // Month and quarter strings without their date are dates themselves, as ages.
    expect(r.icp.evidence.map((e) => e.attribute)).toContain('founded_month (years ago)');
  }, 300_000);
});
