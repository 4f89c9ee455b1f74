/**
 * BASELINES.md's scikit-learn logistic regression and HistGradientBoosting refitted on
 * bench/quality.ts's folds (bench/quality/sklearn-folds.py), for the `--extra` sets, which have
 * no published figure.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { quoteLiteral } from '../../src/core/sql/quote.js';
import type { Database } from '../../src/data/db/database.js';
import { findSklearnPython } from '../sklearn-baseline.js';

const SCRIPT = fileURLToPath(new URL('./sklearn-folds.py', import.meta.url));

export interface SklearnFolds {
  /** Held-out AUC of folds 0 .. folds-1 and the fits' CPU seconds, per model. */
  readonly logreg: { readonly auc: number[]; readonly cpu: number };
  readonly histgb: { readonly auc: number[]; readonly cpu: number };
}

/**
 * `rows` is SQL giving `__y`, `__fold` and the typed features, `numbers` the numeric ones,
 * written to `file` for Python. A string says why nothing was measured.
 */
export async function sklearnFolds(
  db: Database,
  rows: string,
  numbers: readonly string[],
  file: string,
  folds: number,
): Promise<SklearnFolds | string> {
  const python = findSklearnPython();
  if (!python) return 'no Python with scikit-learn (apt-get install python3-sklearn)';
  await db.run(`COPY (${rows}) TO ${quoteLiteral(file)} (FORMAT csv, HEADER)`);
  const run = spawnSync(python, [SCRIPT, file, JSON.stringify(numbers), String(folds)], {
    encoding: 'utf8',
  });
  if (run.status !== 0) return `failed: ${run.stderr.trim().split('\n').at(-1)}`;
  return JSON.parse(run.stdout) as SklearnFolds;
}
