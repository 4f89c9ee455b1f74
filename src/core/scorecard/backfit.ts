import { choleskySolve } from '../stats/logistic.js';
import { information, type Penalty, type Term } from './additive-fit.js';
import { termPenalty } from './term-penalty.js';

/**
 * Keeps an additive fit close to the joint optimum while interactions join one at a time: one
 * exact penalised Newton step on one attribute's bins, every other term held fixed. A row lies
 * in one bin of the attribute, so the step's Hessian is the small diagonal of its bins plus
 * the attribute's penalty: cheap, and without it an attribute whose main effect absorbed part
 * of an interaction would call for compensating interactions. With `weights` (rows of each row
 * of the data, when the data are distinct patterns), every sum is weighted.
 */
export function createBackfit(
  terms: readonly Term[],
  y: Uint8Array,
  train: Int32Array,
  penalty: Penalty,
  effects: readonly Float64Array[],
  weights?: Float64Array,
): { step(j: number, eta: Float64Array): void } {
  // The training rows' outcomes and weights by plain loops (`from` with a callback per row is
  // slow on a fold's patterns).
  const yTrain = new Uint8Array(train.length);
  const wTrain = weights && new Float64Array(train.length);
  for (let r = 0; r < train.length; r++) {
    const i = train[r] as number;
    yTrain[r] = y[i] as number;
    if (wTrain) wTrain[r] = weights[i] as number;
  }
  const info = information(yTrain, wTrain);
  let total = 0;
  for (const i of train) total += weights ? (weights[i] as number) : 1;
  const current = effects.map((e) => Float64Array.from(e));
  const blocks = new Map<number, Float64Array>();
  const blockOf = (j: number) => {
    let P = blocks.get(j);
    if (!P) {
      const t = terms[j] as Term;
      const counts = new Float64Array(t.columns);
      for (const i of train) {
        const c = t.codes[i] as number;
        if (c >= 0) counts[c] = (counts[c] as number) + (weights ? (weights[i] as number) : 1);
      }
      P = termPenalty(t, counts, total, penalty, info);
      blocks.set(j, P);
    }
    return P;
  };
  return {
    step(j, eta) {
      const t = terms[j] as Term;
      const k = t.columns;
      const beta = current[j] as Float64Array;
      const P = blockOf(j);
      const g = new Float64Array(k);
      const H = Float64Array.from(P);
      for (const i of train) {
        const c = t.codes[i] as number;
        if (c < 0) continue;
        const mu = 1 / (1 + Math.exp(-(eta[i] as number)));
        if (weights) {
          const w = weights[i] as number;
          g[c] = (g[c] as number) + w * ((y[i] as number) - mu);
          H[c * k + c] = (H[c * k + c] as number) + w * mu * (1 - mu);
        } else {
          g[c] = (g[c] as number) + (y[i] as number) - mu;
          H[c * k + c] = (H[c * k + c] as number) + mu * (1 - mu);
        }
      }
      for (let a = 0; a < k; a++) {
        let pb = 0;
        for (let b = 0; b < k; b++) pb += (P[a * k + b] as number) * (beta[b] as number);
        g[a] = (g[a] as number) - pb;
      }
      const delta = choleskySolve(H, g, k);
      for (let c = 0; c < k; c++) beta[c] = (beta[c] as number) + (delta[c] as number);
      for (let i = 0; i < eta.length; i++) {
        const c = t.codes[i] as number;
        if (c >= 0) eta[i] = (eta[i] as number) + (delta[c] as number);
      }
    },
  };
}
