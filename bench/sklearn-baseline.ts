import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./sklearn-logistic.py', import.meta.url));

/** The first Python on the machine that has scikit-learn and pandas, or undefined. */
export function findSklearnPython(): string | undefined {
  return ['python3', '/usr/bin/python3'].find(
    (p) => spawnSync(p, ['-c', 'import sklearn, pandas'], { stdio: 'ignore' }).status === 0,
  );
}

/**
 * A line saying how long scikit-learn's one-hot logistic regression takes on `file` (read,
 * encode, fit: bench/sklearn-logistic.py), or how to get it when no Python on the machine has
 * scikit-learn (a Python from pyenv often lacks it while Debian's /usr/bin/python3 has it).
 */
export function sklearnLogistic(file: string, target: string, positive: string): string {
  const python = findSklearnPython();
  if (!python)
    return 'scikit-learn: not found (apt-get install python3-sklearn python3-pandas), so not measured';
  const run = spawnSync(python, [SCRIPT, file, target, positive], { encoding: 'utf8' });
  if (run.status !== 0) return `scikit-learn: failed: ${run.stderr.trim().split('\n').at(-1)}`;
  const out = JSON.parse(run.stdout) as {
    columns: number;
    marks: Record<'read' | 'encode' | 'fit', { wall: number; cpu: number }>;
  };
  const { read, encode, fit } = out.marks;
  return `scikit-learn LogisticRegression on ${out.columns} one-hot columns: ${fit.wall.toFixed(2)} s (${fit.cpu.toFixed(2)} s CPU) from reading the CSV to the fitted model (read ${read.wall.toFixed(2)} s, encode ${(encode.wall - read.wall).toFixed(2)} s, fit ${(fit.wall - encode.wall).toFixed(2)} s)`;
}
