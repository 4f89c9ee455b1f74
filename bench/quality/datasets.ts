/**
 * The public datasets of ../shared/datasets/BASELINES.md, prepared as its protocol says, and
 * the published figures of the best boosted trees there (5-fold stratified CV, mean ± sd).
 */
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
  readonly select: (dir: string) => string;
  /** The best gradient-boosting figure of BASELINES.md (HistGB or xgboost). */
  readonly boosted: { readonly model: string; readonly auc: number; readonly sd: number };
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
