import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../src/data/config/load-config.js';
import { loadDataset } from '../src/data/load/load-dataset.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ACCOUNTS = [
  'Account ID,Company Name,Website,Billing ID',
  'A1,"Acme, Inc.",https://www.acme.com/,BILL-001',
  'A2,Globex Corporation,globex.com,BILL-002',
  'A3,Société Générale S.A.,societegenerale.fr,BILL-003',
  'A4,North Labs GmbH,northlabs.de,',
  'A5,North Labs Inc,northlabs.com,',
  'A6,Umbrella Corp,eu.umbrella.co.uk,BILL-006',
].join('\n');

/** Loads a folder with accounts.csv and invoices.csv; returns the invoices' link report. */
async function load(invoices: string, link?: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'icp-link-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'accounts.csv'), `${ACCOUNTS}\n`);
  writeFileSync(join(dir, 'invoices.csv'), `${invoices}\n`);
  const sources = {
    accounts: { path: 'accounts.csv' },
    invoices: { path: 'invoices.csv', ...(link ? { link } : {}) },
  };
  writeFileSync(join(dir, 'icp.config.yaml'), stringify({ sources }));
  return loadDataset(await loadConfig(join(dir, 'icp.config.yaml')), { today: '2025-01-01' });
}

async function linked(invoices: string, link?: Record<string, unknown>) {
  const ds = await load(invoices, link);
  try {
    const rows = await ds.db.all(
      'SELECT invoice_id, account_id FROM invoices ORDER BY _source_row',
    );
    return {
      rows: rows.map((r) => `${r.invoice_id}:${r.account_id ?? '-'}`),
      report: ds.links.find((l) => l.table === 'invoices')!,
      warnings: ds.warnings.filter((w) => w.code === 'weak_link').map((w) => w.message),
    };
  } finally {
    ds.close();
  }
}

describe('linking rows to accounts', () => {
  it('matches normalised company names, and leaves a name two accounts share unlinked', async () => {
    const { rows, report, warnings } = await linked(
      [
        'Invoice ID,Customer,Customer Name,Date,Amount',
        'I1,cus_1,ACME Inc,2024-01-01,100',
        'I2,cus_1,acme incorporated,2024-02-01,100',
        'I3,cus_2,"Globex Corp.",2024-01-01,300',
        'I4,cus_3,Societe Generale,2024-01-01,200',
        'I5,cus_4,North Labs,2024-01-01,250',
        'I6,cus_5,Initech,2024-01-01,50',
        'I7,A6,,2024-01-01,1000',
      ].join('\n'),
    );
    expect(rows).toEqual(['I1:A1', 'I2:A1', 'I3:A2', 'I4:A3', 'I5:cus_4', 'I6:cus_5', 'I7:A6']);
    expect(report).toMatchObject({
      rows: 7,
      linked: 5,
      by: { id: 1, column: 0, domain: 0, email: 0, name: 4 },
      ambiguous: 1,
      noKey: 0,
      notFound: 1,
      amount: { column: 'Amount', total: 2000, unlinked: 300 },
      unmatched: [
        { key: 'North Labs', rows: 1, firstRow: 6, ambiguous: true },
        { key: 'cus_5', rows: 1, firstRow: 7, ambiguous: false },
      ],
    });
    expect(report.rate).toBeCloseTo(5 / 7, 12);
    expect(warnings).toEqual([
      'invoices.csv: 29% of the rows (2 of 7) belong to no account, with 300 of 2,000 USD of invoice revenue: 1 not found, first "cus_5" at row 7; 1 ambiguous (its name or domain fits several accounts), first "North Labs" at row 6. Linked 1 by id, 4 by company name, below the 80% expected. Add the missing accounts, or say how the rows link in sources.invoices.link (see docs/config.md).',
    ]);
  });

  it('reads domains from emails, URLs and subdomains, and never links a free-mail domain', async () => {
    const { rows, report } = await linked(
      [
        'Invoice ID,Customer,Customer Email,Date,Amount',
        'I1,cus_1,"Ana <ana@Acme.com>",2024-01-01,100',
        'I2,cus_2,billing@eu.globex.com,2024-01-01,100',
        'I3,cus_3,ap@umbrella.co.uk,2024-01-01,100',
        'I4,cus_4,someone@gmail.com,2024-01-01,100',
      ].join('\n'),
    );
    expect(rows).toEqual(['I1:A1', 'I2:A2', 'I3:A6', 'I4:cus_4']);
    // I4 still has its Stripe customer id, which no account has: not found, not keyless.
    expect([report.by.email, report.noKey, report.notFound]).toEqual([3, 0, 1]);
  });

  it('takes the first id of a list ("123;456") as the account', async () => {
    const { rows, report } = await linked(
      [
        'Invoice ID,Account ID,Date,Amount',
        'I1,A2;A1,2024-01-01,10',
        'I2,A9;A1,2024-01-01,10',
      ].join('\n'),
    );
    expect(rows).toEqual(['I1:A2', 'I2:A9;A1']);
    expect([report.by.id, report.notFound]).toEqual([1, 1]);
  });

  it('links by a configured column: the rows key against an accounts column', async () => {
    const { rows, report } = await linked(
      [
        'Invoice ID,Customer,Customer Name,Date,Amount',
        'I1,bill-001,Wrong Name,2024-01-01,10',
        'I2,BILL-003,,2024-01-01,10',
        'I3,BILL-999,Globex Corporation,2024-01-01,10',
      ].join('\n'),
      { by: 'column', account_column: 'Billing ID' },
    );
    expect(rows).toEqual(['I1:A1', 'I2:A3', 'I3:A2']);
    expect(report.by).toEqual({ id: 0, column: 2, domain: 0, email: 0, name: 1 });
    expect(report.keyColumn).toBe('Billing ID');
  });

  it('finds an accounts column holding the rows ids by its values (a CRM keeping the billing id)', async () => {
    const { rows, report } = await linked(
      [
        'Invoice ID,Customer,Date,Amount',
        'I1,BILL-001,2024-01-01,10',
        'I2,BILL-002,2024-01-01,10',
        'I3,BILL-777,2024-01-01,10',
      ].join('\n'),
    );
    expect(rows).toEqual(['I1:A1', 'I2:A2', 'I3:BILL-777']);
    expect([report.by.column, report.notFound, report.keyColumn]).toEqual([2, 1, 'Billing ID']);
  });

  it('with fallback: false links by ids and the configured key only', async () => {
    const { rows, report } = await linked(
      [
        'Invoice ID,Customer,Customer Name,Payer Site,Date,Amount',
        'I1,cus_1,Acme Inc,acme.com,2024-01-01,10',
        'I2,cus_2,Globex Corporation,,2024-01-01,10',
      ].join('\n'),
      { by: 'domain', column: 'Payer Site', fallback: false, min_rate: 0.5 },
    );
    expect(rows).toEqual(['I1:A1', 'I2:cus_2']);
    expect([report.by.domain, report.by.name, report.minRate]).toEqual([1, 0, 0.5]);
  });

  it('does not warn when the rate reaches min_rate', async () => {
    const { warnings } = await linked(
      [
        'Invoice ID,Customer,Customer Name,Date,Amount',
        'I1,cus_1,Acme,2024-01-01,10',
        'I2,cus_2,Nobody,2024-01-01,10',
      ].join('\n'),
      { min_rate: 0.5 },
    );
    expect(warnings).toEqual([]);
  });

  it('says what is missing when by: column has no account_column, or names a header not there', async () => {
    const invoices = 'Invoice ID,Customer,Date,Amount\nI1,x,2024-01-01,1';
    await expect(load(invoices, { by: 'column' })).rejects.toThrow(
      'sources.invoices.link: by: column needs account_column, the accounts column holding the same key. Columns: Account ID, Company Name, Website, Billing ID.',
    );
    await expect(load(invoices, { by: 'name', column: 'Payer' })).rejects.toThrow(
      'sources.invoices.link: by: name needs column, the header of invoices.csv holding the key; "Payer" is not one of its columns. Headers: Invoice ID, Customer, Date, Amount.',
    );
  });

  it('a file with no account id and nothing to link by is an error naming what to map', async () => {
    await expect(load('Invoice ID,Date,Amount\nI1,2024-01-01,1')).rejects.toThrow(
      'invoices.csv: the required column "account_id" of invoices was not found. Headers: Invoice ID, Date, Amount. Map it in the config: sources.invoices.columns.account_id: <header>, or one of account_name, account_domain, email to link the rows to accounts by (see docs/config.md, "Linking").',
    );
  });
});
