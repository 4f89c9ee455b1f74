/** The counts added to every bin of both vectors before shares are taken (see `populationStabilityIndex`). */
export const PSI_SMOOTHING = 0.5;

/** The conventional reading of a PSI: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a major one. */
export type PsiReading = 'stable' | 'moderate' | 'major';

export interface PsiResult {
  /** The index: the sum of `bins`. 0 when the two distributions are the same. */
  readonly total: number;
  /** Each bin's contribution (a_i - e_i) * ln(a_i / e_i), never negative. */
  readonly bins: readonly number[];
  readonly reading: PsiReading;
}

/**
 * Population stability index between two count vectors over the same bins (`expected` the
 * reference, e.g. the old population, `actual` the new one):
 *
 *   PSI = sum_i (a_i - e_i) * ln(a_i / e_i), with a_i, e_i each bin's share of its vector.
 *
 * An empty bin would make ln(a_i / e_i) infinite, so `smoothing` (default 0.5, as the
 * Haldane-Anscombe correction) is added to every count of both vectors before the shares are
 * taken: e.g. counts [0, 10] become [0.5, 10.5], shares [0.5/11, 10.5/11]. With `smoothing` 0 a
 * bin empty in one vector only contributes Infinity, and a bin empty in both contributes 0.
 * The index is symmetric in the two vectors.
 *
 * @example populationStabilityIndex([50, 50], [50, 50]).total // => 0
 */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
  options: { smoothing?: number } = {},
): PsiResult {
  const { smoothing = PSI_SMOOTHING } = options;
  if (expected.length !== actual.length)
    throw new RangeError(
      `PSI needs counts over the same bins: ${expected.length} expected against ${actual.length} actual`,
    );
  if (expected.length === 0) throw new RangeError('PSI needs at least one bin');
  if (!Number.isFinite(smoothing) || smoothing < 0)
    throw new RangeError(`PSI smoothing ${smoothing} is not a count of 0 or more`);
  for (const x of [...expected, ...actual])
    if (!Number.isFinite(x) || x < 0) throw new RangeError(`PSI count ${x} is not 0 or more`);
  const e = shares(expected, smoothing);
  const a = shares(actual, smoothing);
  const bins = e.map((ei, i) => {
    const ai = a[i]!;
    if (ai === ei) return 0;
    return (ai - ei) * Math.log(ai / ei);
  });
  const total = bins.reduce((s, x) => s + x, 0);
  return { total, bins, reading: psiReading(total) };
}

/** The conventional reading: < 0.1 stable, 0.1 to 0.25 (inclusive) moderate, > 0.25 major. */
export function psiReading(psi: number): PsiReading {
  if (psi < 0.1) return 'stable';
  if (psi <= 0.25) return 'moderate';
  return 'major';
}

function shares(counts: readonly number[], smoothing: number): number[] {
  const smoothed = counts.map((c) => c + smoothing);
  const total = smoothed.reduce((s, x) => s + x, 0);
  if (total === 0) throw new RangeError('PSI needs counts that are not all 0 (or smoothing)');
  return smoothed.map((c) => c / total);
}
