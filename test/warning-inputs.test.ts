import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/data/config/load-config.js';
import { loadDataset } from '../src/data/load/load-dataset.js';

async function load(name: string) {
  return loadDataset(await loadConfig(`test/warning-inputs/${name}/icp.config.yaml`), {
    today: '2026-11-23',
  });
}

describe('inputs that load with warnings', () => {
  it('reads CR-only line endings and Windows-1252 bytes, and says so', async () => {
    const ds = await load('mac-latin1');
    try {
      expect(ds.warnings.map((w) => w.message)).toEqual([
        'accounts.csv: 2 bytes are not valid UTF-8 (first on line 2); read as Windows-1252. Save the file as UTF-8 to silence this warning.',
        'accounts.csv: lines end with a lone carriage return (CR, old Mac style) 4 times; read as line breaks. Save the file with LF or CRLF line endings to silence this warning.',
      ]);
      expect(
        await ds.db.all('SELECT account_id, name, country FROM accounts ORDER BY account_id'),
      ).toEqual([
        { account_id: 'A1', name: 'Café Bleu', country: 'FR' },
        { account_id: 'A2', name: 'Müller GmbH', country: 'DE' },
        { account_id: 'A3', name: 'Acme', country: 'US' },
      ]);
    } finally {
      ds.close();
    }
  });

  it('names orphan deals, open deals without an account and look-alike accounts', async () => {
    const ds = await load('orphans-and-lookalikes');
    try {
      expect(ds.warnings.map((w) => [w.code, w.count, w.message])).toEqual([
        [
          'stage_guess',
          2,
          'deals.csv: stage values "Proposal" (1), "Prospecting" (1) are neither won nor lost and were taken as open. To be explicit, list them under sources.deals.values.stage.open.',
        ],
        [
          'orphan',
          1,
          'deals.csv: 1 row names an account missing from accounts.csv, first "A9" at row 3. They are left out of per-account figures; add the accounts or correct the ids.',
        ],
        [
          'open_without_account',
          2,
          'deals.csv: 2 open deals have no account (column "Account ID" empty): D3, D4. They count as pipeline but cannot be scored or tied to an account until the account is filled in.',
        ],
        [
          'missing_reference',
          1,
          'deals.csv: 1 closed deal has no account (column "Account ID" empty); it is left out of per-account figures.',
        ],
        [
          'duplicate_name',
          1,
          'accounts.csv: 1 domain is shared by more than one account id, first "acme.com" at rows 2 and 4. They are kept apart; merge them in the source if they are one company.',
        ],
        [
          'weak_link',
          4,
          'deals.csv: 33% of deal amount (50 of 150 USD) belongs to no account: 4 of 5 rows are not linked: 1 not found, first "A9" at row 3; 3 with no account, name, domain or email. Linked 1 by id, below the 80% expected. Add the missing accounts, or say how the rows link in sources.deals.link (see docs/config.md).',
        ],
      ]);
      expect(
        await ds.db.all('SELECT deal_id, stage, stage_label FROM deals ORDER BY deal_id'),
      ).toEqual([
        { deal_id: 'D1', stage: 'won', stage_label: 'Won' },
        { deal_id: 'D2', stage: 'lost', stage_label: 'Lost' },
        { deal_id: 'D3', stage: 'open', stage_label: 'Prospecting' },
        { deal_id: 'D4', stage: 'open', stage_label: 'Proposal' },
        { deal_id: 'D5', stage: 'won', stage_label: 'Won' },
      ]);
    } finally {
      ds.close();
    }
  });

  it('names an amount 1,000 times the next largest of its column, and keeps the row', async () => {
    // Invoices: 1,250,000 against a next largest of 1,250 (exactly 1,000 times): flagged. Deals:
    // 949,990.5 against 950 (999.99 times): not.
    const ds = await load('amount-outlier');
    try {
      expect(
        ds.warnings.map((w) => [w.code, w.table, w.row, w.column, w.value, w.message]),
      ).toEqual([
        [
          'outlier',
          'invoices',
          9,
          'Amount',
          '1,250,000',
          'invoices.csv row 9, column "Amount": 1,250,000 is 1,000 times the next largest (1,250) of 24 amounts, so this one row outweighs every other in customer value. Correct it if it is a typo (a digit too many, cents written as units, a misplaced decimal mark), or remove the row; it is counted as given.',
        ],
      ]);
      expect(await ds.db.one('SELECT count(*) AS n, max(amount) AS top FROM invoices')).toEqual({
        n: '24',
        top: 1250000,
      });
    } finally {
      ds.close();
    }
  });

  it('guesses a US date format, says so, and parses with it', async () => {
    const ds = await load('us-dates');
    try {
      expect(ds.warnings.map((w) => w.message)).toEqual([
        'accounts.csv, column "Created At": dates are not YYYY-MM-DD; read them as "%m/%d/%Y". Set sources.accounts.date_format: "%m/%d/%Y" to make it certain.',
      ]);
      expect(
        await ds.db.all(
          'SELECT account_id, CAST(created_at AS VARCHAR) AS d FROM accounts ORDER BY 1',
        ),
      ).toEqual([
        { account_id: 'A1', d: '2021-03-14' },
        { account_id: 'A2', d: '2020-12-01' },
        { account_id: 'A3', d: null },
      ]);
    } finally {
      ds.close();
    }
  });
});
