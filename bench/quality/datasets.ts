/**
 * The public datasets of ../shared/datasets/BASELINES.md, prepared as its protocol says, and
 * the published figures of the best boosted trees there (5-fold stratified CV, mean ± sd).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteLiteral } from '../../src/core/sql/quote.js';

export const DATASETS_DIR = process.env.ICP_DATASETS ?? '../shared/datasets';

export interface QualityDataset {
  /** Short name for --only and the table. */
  readonly key: string;
  readonly title: string;
  /** Target column and the value that counts as positive (after the preparation below). */
  readonly target: string;
  readonly positive: string;
  /**
   * SQL (over DuckDB) giving the prepared rows as text, every column a feature except the
   * target: the id dropped, labels normalised as BASELINES.md does.
   */
  readonly select: (dir: string, tmp: string) => string;
  /** Writes what `select` reads from `tmp` when the file needs fixing first (encoding). */
  readonly prepare?: (dir: string, tmp: string) => Promise<void>;
  /**
   * The best gradient-boosting figure of BASELINES.md (HistGB or xgboost); absent for the
   * `--extra` sets, whose HistGB is fitted in the run on the same folds.
   */
  readonly boosted?: { readonly model: string; readonly auc: number; readonly sd: number };
}

const csv = (path: string) => `read_csv(${quoteLiteral(path)}, all_varchar = true, header = true)`;

export const DATASETS: readonly QualityDataset[] = [
  {
    key: 'adult',
    title: 'Adult income',
    target: 'income',
    positive: '>50K',
    // Train and test concatenated; the test file's labels end in '.'.
    select: (d) =>
      `SELECT * REPLACE (rtrim(income, '.') AS income) FROM (SELECT * FROM ${csv(`${d}/uci-adult-income/adult.data.csv`)} UNION ALL SELECT * FROM ${csv(`${d}/uci-adult-income/adult.test.csv`)})`,
    boosted: { model: 'HistGB', auc: 0.9293, sd: 0.0012 },
  },
  {
    key: 'german',
    title: 'German credit',
    target: 'class',
    positive: '2',
    select: (d) => `SELECT * FROM ${csv(`${d}/statlog-german-credit/german.csv`)}`,
    boosted: { model: 'xgboost', auc: 0.7882, sd: 0.0393 },
  },
  {
    key: 'gmsc',
    title: 'Give Me Some Credit',
    target: 'SeriousDlqin2yrs',
    positive: '1',
    // The unnamed first column is a row id (DuckDB names it column00).
    select: (d) =>
      `SELECT * EXCLUDE (column00) FROM ${csv(`${d}/give-me-some-credit/cs-training.csv`)}`,
    boosted: { model: 'xgboost', auc: 0.8661, sd: 0.0031 },
  },
  {
    key: 'telco',
    title: 'IBM telco churn',
    target: 'Churn',
    positive: 'Yes',
    select: (d) =>
      `SELECT * EXCLUDE (customerID) FROM ${csv(`${d}/ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv`)}`,
    boosted: { model: 'xgboost', auc: 0.8412, sd: 0.0109 },
  },
];

/**
 * Crunchbase's file has CR line endings and a few Mac-Roman bytes (SOURCE.md), which DuckDB
 * rejects as UTF-8 and as latin-1: it is decoded as latin-1 (every byte is a character) and
 * written as UTF-8 with LF endings to the run's temp folder, so all 17,727 rows are read.
 */
const CRUNCHBASE = 'crunchbase-companies-utf8.csv';
const crunchbasePrepare = async (d: string, tmp: string) => {
  const text = await readFile(
    `${d}/company-universe-crunchbase-2013/crunchbase-companies.csv`,
    'latin1',
  );
  await writeFile(join(tmp, CRUNCHBASE), text.replace(/\r\n?/g, '\n'), 'utf8');
};
// Dropped: the ids (permalink, name) and status, the outcome. Every other column stays, the
// founding date's month/quarter/year restatements too, as a user's file would have them.
const crunchbaseSelect = (tmp: string, status: string) =>
  `SELECT * EXCLUDE (permalink, name, status), CASE WHEN status = ${quoteLiteral(status)} THEN 'yes' ELSE 'no' END AS outcome FROM ${csv(join(tmp, CRUNCHBASE))}`;

/**
 * Real sets outside BASELINES.md (`--extra`): nothing was tuned on them, and no published figure
 * exists, so the run fits scikit-learn's HistGradientBoosting on the same folds beside the
 * regression. What each leaves out, and why, is in docs/discovery.md ("Held-out real sets").
 */
export const EXTRA_DATASETS: readonly QualityDataset[] = [
  {
    key: 'crunchbase-acquired',
    title: 'Crunchbase 2013: acquired',
    target: 'outcome',
    positive: 'yes',
    prepare: crunchbasePrepare,
    select: (_, tmp) => crunchbaseSelect(tmp, 'acquired'),
  },
  {
    key: 'crunchbase-closed',
    title: 'Crunchbase 2013: closed',
    target: 'outcome',
    positive: 'yes',
    prepare: crunchbasePrepare,
    select: (_, tmp) => crunchbaseSelect(tmp, 'closed'),
  },
  {
    key: 'maven',
    title: 'Maven CRM: deal won',
    target: 'deal_stage',
    positive: 'Won',
    // Closed deals only. close_value restates the outcome (every lost deal has 0) and
    // close_date is only known once a deal is won or lost; opportunity_id is an id.
    select: (d) =>
      `SELECT sales_agent, product, account, engage_date, deal_stage FROM ${csv(`${d}/maven-crm-sales-opportunities/sales_pipeline.csv`)} WHERE deal_stage IN ('Won', 'Lost')`,
  },
  {
    key: 'ravenstack',
    title: 'RavenStack: account churn',
    target: 'churn_flag',
    positive: 'True',
    // The accounts table alone (the ids dropped): the churn events disagree with churn_flag
    // (SOURCE.md), and the subscriptions' end_date and churn_flag restate the outcome.
    select: (d) =>
      `SELECT * EXCLUDE (account_id, account_name) FROM ${csv(`${d}/ravenstack-saas/ravenstack_accounts.csv`)}`,
  },
];
