import { Database } from '../src/data/db/database.js';
import { readColumns } from '../src/data/db/read-columns.js';
import { stratifiedFolds } from '../src/core/stats/folds.js';
import { fitLogistic, predictLogit } from '../src/core/stats/logistic.js';
import { auc } from '../src/core/stats/metrics.js';

export const TELCO = '../shared/datasets/ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv';

/** Discovery on Telco with folds a database can deal (`--key customerID`): churners positive. */
export const TELCO_KEYED = { target: 'Churn', positive: 'Yes', key: 'customerID' } as const;
const NUMERIC = ['tenure', 'MonthlyCharges', 'TotalCharges'];

/**
 * The reference a scorecard must match: a plain logistic regression on one-hot categorical
 * columns and standardised numeric ones (blanks imputed with the mean), cross-validated.
 */
export async function plainLogisticAuc(folds = 5, seed = 1): Promise<number> {
  const db = await Database.open();
  try {
    const headers = await db.columns(`read_csv('${TELCO}', all_varchar = true)`);
    const cats = headers.filter((h) => !NUMERIC.includes(h) && h !== 'customerID' && h !== 'Churn');
    const spec: Record<string, 'number' | 'text'> = { Churn: 'text' };
    for (const h of NUMERIC) spec[h] = 'number';
    for (const h of cats) spec[h] = 'text';
    const sql = `SELECT Churn, ${NUMERIC.map((h) => `TRY_CAST(trim(${h}) AS DOUBLE) AS ${h}`).join(', ')}, ${cats.map((h) => `"${h}"`).join(', ')} FROM read_csv('${TELCO}', all_varchar = true)`;
    const data = await readColumns(db, sql, spec);
    const n = data.rows;
    const y = Uint8Array.from(data.texts.Churn!, (v) => (v === 'No' ? 1 : 0));
    const columns: Float64Array[] = [];
    for (const h of NUMERIC) {
      const v = data.numbers[h]!;
      const present = v.filter((x) => !Number.isNaN(x));
      const mean = present.reduce((a, b) => a + b, 0) / present.length;
      const sd = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length);
      columns.push(v.map((x) => ((Number.isNaN(x) ? mean : x) - mean) / sd));
    }
    for (const h of cats) {
      const levels = [...new Set(data.texts[h]!)].sort();
      for (const level of levels.slice(1))
        columns.push(Float64Array.from(data.texts[h]!, (v) => (v === level ? 1 : 0)));
    }
    const p = columns.length;
    const X = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) X[i * p + j] = columns[j]![i]!;
    const fold = stratifiedFolds(y, folds, seed);
    const oof = new Float64Array(n);
    for (let k = 0; k < folds; k++) {
      const train = [...Array(n).keys()].filter((i) => fold[i] !== k);
      const Xt = new Float64Array(train.length * p);
      for (const [r, i] of train.entries()) Xt.set(X.subarray(i * p, (i + 1) * p), r * p);
      const fit = fitLogistic(
        Xt,
        Uint8Array.from(train, (i) => y[i]!),
        train.length,
        p,
        { l2: 1 },
      );
      const logit = predictLogit(fit, X, n, p);
      for (let i = 0; i < n; i++) if (fold[i] === k) oof[i] = logit[i]!;
    }
    return auc(oof, y).auc;
  } finally {
    db.close();
  }
}
