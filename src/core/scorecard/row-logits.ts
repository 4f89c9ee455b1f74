import type { MergedAttribute } from '../binning/merge-bins.js';

/** What the logit of a row of a fitted scorecard is made of. */
export interface LogitTerms {
  readonly attributes: readonly MergedAttribute[];
  readonly interactions: readonly { readonly mask: Uint8Array; readonly effect: number }[];
  readonly intercept: number;
}

/**
 * `fit` with `logit`, the logit of each of its `n` rows, computed when first read: a
 * cross-validation fold's fit never reads it (its held-out rows are scored from the points),
 * and on a million rows it is a pass per attribute.
 */
export function withRowLogits<T extends LogitTerms>(
  fit: T,
  n: number,
): T & { readonly logit: Float64Array } {
  let logit: Float64Array | undefined;
  return Object.defineProperty(fit, 'logit', {
    get: () => {
      logit ??= rowLogits(fit, n);
      return logit;
    },
    enumerable: true,
  }) as T & { readonly logit: Float64Array };
}

/** The intercept, then each attribute's effect, then each matching interaction's, added row by row. */
function rowLogits(fit: LogitTerms, n: number): Float64Array {
  const logit = new Float64Array(n).fill(fit.intercept);
  for (const m of fit.attributes) {
    for (let i = 0; i < n; i++)
      logit[i] = (logit[i] as number) + (m.effects[m.attribute.codes[i] as number] as number);
  }
  for (const t of fit.interactions) {
    for (let i = 0; i < n; i++) if (t.mask[i] === 1) logit[i] = (logit[i] as number) + t.effect;
  }
  return logit;
}
