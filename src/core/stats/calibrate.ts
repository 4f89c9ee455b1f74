import { fitLogistic } from './logistic.js';

/**
 * Platt scaling: p = sigmoid(a * logit + b), fitted on held-out logits so the probability
 * means what it says. A tiny ridge keeps it finite on separable folds.
 */
export function plattScale(logits: Float64Array, y: Uint8Array): { a: number; b: number } {
  const fit = fitLogistic(logits, y, logits.length, 1, { l2: 1e-6 });
  return { a: fit.coef[0] as number, b: fit.intercept };
}
