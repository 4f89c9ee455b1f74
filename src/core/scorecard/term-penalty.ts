import type { Penalty, Term } from './additive-fit.js';

/**
 * The ridge on a number's chain of ranges (3 or more), on the part of its effects that is
 * neither their mean nor a straight line in bin order: ridge (I - 11'/m - tt'/t't), t the
 * centred positions. A plain ridge pulls a real trend flat where rows are few (over 40 bins it
 * costs a line about 30 times what the smoothing does), where a regression fits it with one
 * slope; the smoothing still pulls the bins towards their neighbours, so a heavy penalty leaves
 * a straight line, and the centring term keeps the attribute's average at 0.
 */
function addChainRidge(P: Float64Array, k: number, chain: readonly number[], ridge: number): void {
  const m = chain.length;
  const mid = (m - 1) / 2;
  let tt = 0;
  for (let i = 0; i < m; i++) tt += (i - mid) ** 2;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      const a = chain[i] as number;
      const b = chain[j] as number;
      const value = ridge * ((i === j ? 1 : 0) - 1 / m - ((i - mid) * (j - mid)) / tt);
      P[a * k + b] = (P[a * k + b] as number) + value;
    }
}

/** Rows' worth of average outcomes a missing or "other" bin is pulled towards: its prior. */
export const NEUTRAL_PRIOR_ROWS = 20;

/**
 * One term's penalty (columns x columns): ridge I (on a number's chain, ridge on what is neither
 * its mean nor a straight line: `addChainRidge`) + smooth D'D along its chain + a centring
 * term n (w'b)^2 (w the columns' shares of the training rows), so that "0" is the attribute's
 * row-weighted average and the ridge pulls thin bins towards it. Bins that carry no property of
 * their own (missing, other) are pulled at least as hard as `NEUTRAL_PRIOR_ROWS` rows at the
 * base rate would (`information` = base rate x (1 - base rate)): a missing value is never worth
 * more than the evidence behind it.
 */
export function termPenalty(
  t: Term,
  counts: Float64Array,
  n: number,
  penalty: Penalty,
  information: number,
): Float64Array {
  const k = t.columns;
  const P = new Float64Array(k * k);
  const neutral = new Set(t.neutral ?? []);
  const line = t.chain.length >= 3 ? new Set(t.chain) : new Set<number>();
  for (let c = 0; c < k; c++)
    P[c * k + c] = neutral.has(c)
      ? Math.max(penalty.ridge, NEUTRAL_PRIOR_ROWS * information)
      : line.has(c)
        ? 0
        : penalty.ridge;
  if (line.size > 0) addChainRidge(P, k, t.chain, penalty.ridge);
  for (let m = 0; m + 1 < t.chain.length; m++) {
    const a = t.chain[m] as number;
    const b = t.chain[m + 1] as number;
    P[a * k + a] = (P[a * k + a] as number) + penalty.smooth;
    P[b * k + b] = (P[b * k + b] as number) + penalty.smooth;
    P[a * k + b] = (P[a * k + b] as number) - penalty.smooth;
    P[b * k + a] = (P[b * k + a] as number) - penalty.smooth;
  }
  if (k < 2) return P;
  for (let a = 0; a < k; a++) {
    const wa = (counts[a] as number) / Math.max(n, 1);
    if (wa === 0) continue;
    for (let b = 0; b < k; b++)
      P[a * k + b] = (P[a * k + b] as number) + n * wa * ((counts[b] as number) / Math.max(n, 1));
  }
  return P;
}
