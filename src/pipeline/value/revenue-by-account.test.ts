import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactSum } from '../../core/sql/exact-sum.js';
import { Database } from '../../data/db/database.js';
import { revenueByAccount } from './revenue-by-account.js';

let db: Database;
const d = "DATE '2024-12-31'";
const month = `date_trunc('month', ${d})::DATE`;

/** The revenue CTE as it was: the invoices grouped by account and month, then by account. */
const byMonths = `WITH m AS (
    SELECT account_id, date_trunc('month', date)::DATE AS month, ${exactSum('amount')} AS amount, max(date) AS last_date
    FROM invoices WHERE account_id IS NOT NULL AND date <= ${d} AND amount IS NOT NULL GROUP BY 1, 2)
  SELECT account_id, ${exactSum('amount')} AS revenue_total,
    ${exactSum('amount', `month > ${month} - INTERVAL 12 MONTH`)} AS revenue_12m,
    ${exactSum('amount', `month = ${month} - INTERVAL 12 MONTH`)} AS month_12m_ago,
    min(month) AS first_month, max(month) AS last_month, max(last_date) AS last_date,
    arg_max(amount, month) AS last_month_amount
  FROM m GROUP BY 1`;

beforeAll(async () => {
  db = await Database.open({});
  await db.run('CREATE TABLE invoices (account_id VARCHAR, date DATE, amount DOUBLE)');
  await db.run(`INSERT INTO invoices VALUES
    -- three invoices in the last month, one a credit note; the month 12 months back on its
    -- first and last day; one the day before the 12-month window opens; one after as-of
    ('A1', '2024-12-01', 100.10), ('A1', '2024-12-31', 0.20), ('A1', '2024-12-15', -30.05),
    ('A1', '2023-12-01', 50.5), ('A1', '2023-12-31', 49.5), ('A1', '2023-11-30', 7),
    ('A1', '2025-01-01', 999),
    -- churned: its last month is June, two invoices in it
    ('A2', '2024-06-03', 19.99), ('A2', '2024-06-30', 0.01), ('A2', '2024-01-10', 5),
    -- a last month summing to zero, and cells without an amount, a date or an account
    ('A3', '2024-11-02', 10), ('A3', '2024-11-20', -10), ('A3', '2024-10-01', 3),
    ('A3', '2024-12-01', NULL), ('A3', NULL, 4), (NULL, '2024-12-01', 8),
    -- only after as-of
    ('A4', '2025-02-01', 1)`);
});
afterAll(() => db.close());

describe('revenueByAccount', () => {
  it('sums the invoices by account as the months of each account summed', async () => {
    const { table, r } = await revenueByAccount(db, 'invoices', d);
    const got = await db.all(`SELECT * FROM (${r}) ORDER BY account_id`);
    await db.run(`DROP TABLE ${table}`);
    const want = await db.all(`SELECT * FROM (${byMonths}) ORDER BY account_id`);
    expect(got).toEqual(want);
    expect(got.map((x) => [x.account_id, x.revenue_total, x.revenue_12m])).toEqual([
      ['A1', 177.25, 70.25],
      ['A2', 25, 25],
      ['A3', 3, 3],
    ]);
    expect(got.map((x) => [x.month_12m_ago, x.last_month, x.last_month_amount])).toEqual([
      [100, '2024-12-01', 70.25],
      [null, '2024-06-01', 20],
      [null, '2024-11-01', 0],
    ]);
  });
});
