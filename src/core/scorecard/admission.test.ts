import { describe, expect, it } from 'vitest';
import { fineCategorical, fineNumeric } from '../binning/fine-bins.js';
import { createRandom } from '../random/prng.js';
import { chooseAdmission } from './admission.js';
import { fitScorecard } from './fit-scorecard.js';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A strong plan, a weak but real trend in amount (0.25 logit per standard deviation, too weak
 * for the false-discovery test on 800 rows to be sure of it) and four columns of noise.
 */
function world(seed: number, n: number) {
  const r = createRandom(seed);
  const plan: string[] = [];
  const amount = new Float64Array(n);
  const noise: string[][] = [[], [], [], []];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    plan.push(r.pick(['basic', 'pro', 'enterprise']));
    amount[i] = r.normal();
    for (const column of noise) column.push(r.pick(['a', 'b', 'c', 'd']));
    const logit = -1 + (plan[i] === 'enterprise' ? 1.2 : plan[i] === 'pro' ? 0.5 : 0);
    y[i] = r.chance(sigmoid(logit + 0.25 * (amount[i] as number))) ? 1 : 0;
  }
  return {
    plan: fineCategorical('Plan', plan),
    amount: fineNumeric('Amount', amount, { maxBins: 40, minCount: 10 }),
    noise: noise.map((values, k) => fineCategorical(`Noise ${k}`, values)),
    y,
  };
}

describe('chooseAdmission', () => {
  it('admits a weak attribute with a real trend, and keeps noise out', () => {
    const { plan, amount, noise, y } = world(5, 800);
    const rows = all(y.length);
    const real = chooseAdmission([plan], [amount], y, rows, { seed: 1 });
    expect(real.wider).toBe(true);
    expect(real.gain).toBeGreaterThan(0);
    const none = chooseAdmission([plan], noise, y, rows, { seed: 1 });
    expect(none.wider).toBe(false);
    expect(none.gain).toBeLessThan(0);
  });

  it('hands the chosen set’s penalty search to fitScorecard, which then fits as it would alone', () => {
    const { plan, amount, y } = world(5, 800);
    const rows = all(y.length);
    const decided = chooseAdmission([plan], [amount], y, rows, { seed: 1 });
    const own = fitScorecard([plan, amount], y, rows, { seed: 1 });
    const given = fitScorecard([plan, amount], y, rows, { seed: 1, tuned: decided.tuned });
    expect(given.tuning).toEqual(own.tuning);
    expect(Array.from(given.logit)).toEqual(Array.from(own.logit));
  });
});
