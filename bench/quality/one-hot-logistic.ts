/**
 * The reference of BASELINES.md, refitted in the same run on the same folds: numeric columns
 * median-imputed and standardised, categorical columns one-hot (every level seen in the
 * training fold, an unseen level all zeros), an L2 logistic regression with C = 1 (our IRLS:
 * the penalty 0.5 |w|^2 on the summed log-loss is `l2: 1`).
 */
import { fitLogistic, predictLogit } from '../../src/core/stats/logistic.js';

export interface Columns {
  readonly numbers: Readonly<Record<string, Float64Array>>;
  readonly texts: Readonly<Record<string, readonly (string | null)[]>>;
}

/** Logits of the rows of fold `k` from a model fitted on the other folds. */
export function oneHotLogisticFold(
  data: Columns,
  y: Uint8Array,
  fold: Int32Array,
  k: number,
): { rows: number[]; logit: Float64Array } {
  const n = y.length;
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (fold[i] === k ? test : train).push(i);
  const columns: ((i: number) => number)[] = [];
  for (const values of Object.values(data.numbers)) {
    const present = train.map((i) => values[i] as number).filter((v) => !Number.isNaN(v));
    present.sort((a, b) => a - b);
    const median = present.length > 0 ? quantile(present, 0.5) : 0;
    const filled = (i: number) => {
      const v = values[i] as number;
      return Number.isNaN(v) ? median : v;
    };
    let mean = 0;
    for (const i of train) mean += filled(i);
    mean /= train.length;
    let sd = 0;
    for (const i of train) sd += (filled(i) - mean) ** 2;
    sd = Math.sqrt(sd / train.length) || 1;
    columns.push((i) => (filled(i) - mean) / sd);
  }
  for (const values of Object.values(data.texts)) {
    const levels = [...new Set(train.map((i) => values[i] ?? ''))].sort();
    for (const level of levels) columns.push((i) => ((values[i] ?? '') === level ? 1 : 0));
  }
  const p = columns.length;
  const design = (rows: number[]) => {
    const X = new Float64Array(rows.length * p);
    rows.forEach((i, r) => {
      for (let j = 0; j < p; j++) X[r * p + j] = (columns[j] as (i: number) => number)(i);
    });
    return X;
  };
  const fit = fitLogistic(
    design(train),
    Uint8Array.from(train, (i) => y[i] as number),
    train.length,
    p,
    { l2: 1, maxIter: 100 },
  );
  return { rows: test, logit: predictLogit(fit, design(test), test.length, p) };
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}
