import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcpDefinition } from '../../src/core/icp/definition.js';
import { scorePlan } from '../../src/core/icp/score-plan.js';
import { salesforceId18 } from '../../src/data/crm/salesforce-id.js';
import { icp } from '../support/icp-cli.js';
import { crmBook } from './crm-book.js';
import { importViolations, parseCsv } from './import-rules.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-crm-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const book = crmBook({ companies: 3000, seed: 11 });
const csvCell = (v: string | number | null) =>
  v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v);
const hubspotId = (key: number) => String(5_000_000_000 + key);
/** A 15-character Account id, as older Salesforce reports export them. */
const salesforceId15 = (key: number) => `0015g0000${key.toString(36).padStart(6, '0')}`;

let icpPath = '';
beforeAll(async () => {
  // A real ICP, discovered from the book's closed deals (won or lost).
  const train = [
    'Industry,Employees,Region,won',
    ...book.deals
      .filter((d) => d.outcome !== 'open')
      .map((d) => {
        const c = book.companies[d.companyKey]!;
        return [c.industry, c.employees, c.region, d.outcome === 'won' ? 'yes' : 'no']
          .map(csvCell)
          .join(',');
      }),
  ];
  writeFileSync(join(dir, 'train.csv'), `${train.join('\n')}\n`);
  icpPath = join(dir, 'icp.json');
  const r = await icp(
    'discover',
    '--data',
    join(dir, 'train.csv'),
    '--target',
    'won',
    '--positive',
    'yes',
    '--out',
    icpPath,
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

/** Companies as an export of the CRM, with the vendor's id column first. */
function exportFile(name: string, idHeader: string, id: (key: number) => string, n = 300) {
  const path = join(dir, name);
  const rows = book.companies
    .slice(0, n)
    .map((c) =>
      [id(c.key), `${c.name}, "Ünïcode"`, c.industry, c.employees, c.region].map(csvCell).join(','),
    );
  writeFileSync(path, `${idHeader},Company name,Industry,Employees,Region\n${rows.join('\n')}\n`);
  return path;
}

describe('icp score --for hubspot|salesforce', () => {
  it('writes a HubSpot import file that updates companies by Record ID, within HubSpot import rules', async () => {
    const data = exportFile('hubspot-companies.csv', 'Record ID', hubspotId);
    const out = join(dir, 'hubspot-import.csv');
    const r = await icp(
      'score',
      '--icp',
      icpPath,
      '--data',
      data,
      '--out',
      out,
      '--for',
      'hubspot',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const id = JSON.parse(readFileSync(icpPath, 'utf8')).id as string;
    expect(r.stdout.split('\n')[0]).toBe(
      `Scored 300 rows against ICP ${id}; wrote the HubSpot import file ${out} (300 rows), ids from column "Record ID".`,
    );
    const bytes = readFileSync(out);
    expect(importViolations('hubspot', bytes)).toEqual([]);
    const rows = parseCsv(bytes.toString('utf8'));
    expect(rows[0]).toEqual(['Record ID', 'icp_score', 'icp_tier', 'icp_reasons', 'icp_id']);
    expect(rows.length).toBe(301);
    // Same order and ids as the export; every row carries the ICP id.
    expect(rows.slice(1).map((row) => row[0])).toEqual(
      book.companies.slice(0, 300).map((c) => hubspotId(c.key)),
    );
    expect(new Set(rows.slice(1).map((row) => row[4]))).toEqual(new Set([id]));
    // The score is the one `icp score` gives, rounded to one decimal.
    const plain = join(dir, 'hubspot-scored.csv');
    expect((await icp('score', '--icp', icpPath, '--data', data, '--out', plain)).status).toBe(0);
    const scored = parseCsv(readFileSync(plain, 'utf8'));
    const at = scored[0]!.indexOf('icp_score');
    const tierAt = scored[0]!.indexOf('icp_tier');
    expect(rows.slice(1).map((row) => [row[1], row[2]])).toEqual(
      scored.slice(1).map((row) => [Number(row[at]).toFixed(1), row[tierAt]]),
    );
  });

  it('writes a Data Import Wizard file with 18-character Account ids and field API names', async () => {
    const data = exportFile('salesforce-accounts.csv', 'Account ID', salesforceId15);
    const out = join(dir, 'salesforce-import.csv');
    const r = await icp(
      'score',
      '--icp',
      icpPath,
      '--data',
      data,
      '--out',
      out,
      '--for',
      'salesforce',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bytes = readFileSync(out);
    expect(importViolations('salesforce', bytes)).toEqual([]);
    const rows = parseCsv(bytes.toString('utf8'));
    expect(rows[0]).toEqual([
      'Account ID',
      'ICP_Score__c',
      'ICP_Tier__c',
      'ICP_Reasons__c',
      'ICP_Id__c',
    ]);
    expect(rows[1]![0]).toBe(salesforceId18(salesforceId15(0)));
    expect(rows[1]![0]).toHaveLength(18);
  });

  it('splits more than 50,000 Salesforce rows into one file per import', async () => {
    const big = crmBook({ companies: 50_001, seed: 3 });
    const path = join(dir, 'big.csv');
    writeFileSync(
      path,
      `Id,Industry,Employees\n${big.companies.map((c) => [salesforceId15(c.key), c.industry, c.employees].map(csvCell).join(',')).join('\n')}\n`,
    );
    const out = join(dir, 'big-import.csv');
    const r = await icp(
      'score',
      '--icp',
      icpPath,
      '--data',
      path,
      '--out',
      out,
      '--for',
      'salesforce',
    );
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toContain(
      `import files, one per import of at most 50,000 rows, ${join(dir, 'big-import-part1.csv')} (50,000 rows), ${join(dir, 'big-import-part2.csv')} (1 row), ids from column "Id".`,
    );
    expect(existsSync(out)).toBe(false);
    const part1 = readFileSync(join(dir, 'big-import-part1.csv'));
    const part2 = readFileSync(join(dir, 'big-import-part2.csv'));
    expect(importViolations('salesforce', part1)).toEqual([]);
    expect(importViolations('salesforce', part2)).toEqual([]);
    expect(parseCsv(part2.toString('utf8'))[1]![0]).toBe(salesforceId18(salesforceId15(50_000)));
  });

  it('neutralises a cell a spreadsheet would run as a formula', async () => {
    // A hand-edited ICP whose strongest reason's attribute name starts with "=": a record in
    // that bin (tiered whatever else it lacks) has "=" first in its reasons.
    const edited = JSON.parse(readFileSync(icpPath, 'utf8')) as IcpDefinition;
    const plan = scorePlan(edited);
    const i = plan.attributes.findIndex((a) => a.bins.some((b) => b.rank === 0));
    const first = edited.scorecard!.attributes[i]!;
    const top = first.bins[plan.attributes[i]!.bins.findIndex((b) => b.rank === 0)]!.bin;
    const value =
      top.kind === 'categories'
        ? top.values[0]
        : top.kind === 'range'
          ? (top.lo ?? top.hi! - 1)
          : '';
    const data = join(dir, 'formula.csv');
    writeFileSync(data, `Record ID,=${first.name}\n5000000001,${value}\n`);
    first.name = `=${first.name}`;
    edited.tiers!.min_coverage = 0;
    writeFileSync(join(dir, 'formula-icp.json'), JSON.stringify(edited));
    const out = join(dir, 'formula-import.csv');
    const r = await icp(
      'score',
      '--icp',
      join(dir, 'formula-icp.json'),
      '--data',
      data,
      '--out',
      out,
      '--for',
      'hubspot',
    );
    expect(r.stderr).toBe('');
    const bytes = readFileSync(out);
    expect(parseCsv(bytes.toString('utf8'))[1]![3]!.startsWith(`'=${first.name.slice(1)} `)).toBe(
      true,
    );
    expect(importViolations('hubspot', bytes)).toEqual([]);
  });

  it('names every bad id with its row, column, value and the fix; writes nothing; exit 3', async () => {
    const data = join(dir, 'bad-ids.csv');
    writeFileSync(
      data,
      'Record ID,Industry\n5000000001,Fintech\n,Retail\nACC-7,SaaS\n5000000001,Media\n 5000000009 ,Media\n',
    );
    const out = join(dir, 'bad-import.csv');
    const r = await icp(
      'score',
      '--icp',
      icpPath,
      '--data',
      data,
      '--out',
      out,
      '--for',
      'hubspot',
    );
    expect(r).toEqual({
      status: 3,
      stdout: '',
      stderr: `icp: 3 problems in the data; nothing was written:
  ${data} row 3, column "Record ID": the id is empty. HubSpot updates a record only by its id: fill it in, or leave the row out.
  ${data} row 4, column "Record ID": "ACC-7" is not a HubSpot Record ID (digits only). Export the companies from HubSpot with their Record ID, or pass --id with the column that holds it.
  ${data} rows 2, 5, column "Record ID": the id "5000000001" appears 2 times. The import would update the record more than once; keep one row per record.
`,
    });
    expect(readdirSync(dir).filter((f) => f.includes('bad-import'))).toEqual([]);
  });

  it('rejects ids that are not Account ids, or whose case suffix does not match', async () => {
    const data = join(dir, 'bad-sf.csv');
    const good = salesforceId18(salesforceId15(5));
    writeFileSync(
      data,
      `Account ID,Industry\n${good},Fintech\n0035g0000000abc,Retail\n${good.toUpperCase()},SaaS\n001xyz,Media\n`,
    );
    const r = await icp(
      'score',
      '--icp',
      icpPath,
      '--data',
      data,
      '--out',
      join(dir, 'x.csv'),
      '--for',
      'salesforce',
    );
    expect(r.status).toBe(3);
    expect(r.stderr.split('\n').slice(1, 4)).toEqual([
      `  ${data} row 5, column "Account ID": "001xyz" is not a Salesforce id (15 or 18 letters and digits). Copy the Account ID from a Salesforce report or export of accounts, or pass --id with the column that holds it.`,
      `  ${data} row 4, column "Account ID": "${good.toUpperCase()}" is not a Salesforce id: its last three characters do not match the case of the first fifteen (was it retyped or changed to capitals?). Copy the Account ID from Salesforce again.`,
      `  ${data} row 3, column "Account ID": "${salesforceId18('0035g0000000abc')}" is not an Account id (Account ids start with 001). Score the accounts, not contacts, leads or opportunities.`,
    ]);
  });

  it('asks for --id when no column holds the id, and takes it when given; exit 2', async () => {
    const data = join(dir, 'no-id.csv');
    writeFileSync(data, 'Company,Industry\nA,Fintech\n');
    const r = await icp(
      'score',
      '--icp',
      icpPath,
      '--data',
      data,
      '--out',
      join(dir, 'n.csv'),
      '--for',
      'hubspot',
    );
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: ${data}: no column holds the HubSpot Record ID (looked for "Record ID", "Company ID", "hs_object_id", "account_id"). Pass --id with the name of the column that holds it.\n`,
    });
    const wrong = await icp(
      'score',
      '--icp',
      icpPath,
      '--data',
      data,
      '--out',
      join(dir, 'n.csv'),
      '--for',
      'hubspot',
      '--id',
      'HubSpot ID',
    );
    expect(wrong.stderr).toBe(
      `icp: --id HubSpot ID: ${data} has no such column (its columns: Company, Industry). Pass the header exactly as written.\n`,
    );
    const json = await icp(
      'score',
      '--icp',
      icpPath,
      '--data',
      data,
      '--out',
      join(dir, 'n.json'),
      '--for',
      'hubspot',
    );
    expect(json.stderr).toBe(
      `icp: --out ${join(dir, 'n.json')}: --for hubspot writes a CSV file (the format HubSpot's import takes). Name it with .csv.\n`,
    );
  });

  it('the rule checker itself rejects what the vendors would', () => {
    const bad = [
      'Record ID,icp_score,icp_tier,Company Name',
      '12,"1,234.5",A,x',
      ',50,E,=HYPERLINK("x")',
      '12,50,A',
    ].join('\n');
    expect(importViolations('hubspot', Buffer.from(bad))).toEqual([
      'header "Company Name" is not a hubspot internal property / field API name',
      'row 2, icp_score: "1,234.5" is not a plain number',
      'row 3: empty id',
      'row 3, icp_tier: "E" is not a tier',
      'row 3, Company Name: "=HYPERLINK("x")" looks like a formula',
      'row 4: 3 fields, the header has 4',
      'row 4: id "12" repeated',
    ]);
    expect(importViolations('salesforce', Buffer.from([0x41, 0xff, 0x0a]))).toEqual(['not UTF-8']);
    expect(
      importViolations('salesforce', Buffer.from('Account ID,ICP_Score__c\n001D000000IqhSL,5\n')),
    ).toEqual(['row 2: "001D000000IqhSL" is not an 18-character Account id']);
  });
});
