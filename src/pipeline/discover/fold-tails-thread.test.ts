import { describe, expect, it, vi } from 'vitest';
import { crossFit, fineAttribute } from '../../core/discovery/cross-fit.js';
import { type FoldTail, runFoldTail } from '../../core/discovery/fold-tails.js';
import { createRandom } from '../../core/random/prng.js';
import { fitMainEffects } from '../../core/scorecard/fit-scorecard.js';
import { foldTailsThread } from './fold-tails-thread.js';

/** Four attributes, two of them with an effect and one pair interacting, on a 25% target. */
function signal(n: number, seed: number) {
  const r = createRandom(seed);
  const a = Array.from({ length: n }, () => r.int(1, 6));
  const b = Array.from({ length: n }, () => r.int(1, 6));
  const texts = {
    a: a.map((v) => `a${v}`),
    b: b.map((v) => `b${v}`),
    c: Array.from({ length: n }, () => `c${r.int(1, 4)}`),
  };
  const numbers = { x: Float64Array.from({ length: n }, () => r.int(0, 1000) / 10) };
  const target = Uint8Array.from({ length: n }, (_, i) => {
    const logit = -1.5 + 0.3 * (a[i] as number) - 0.2 * (b[i] as number);
    const bonus = a[i] === 6 && b[i] === 1 ? 1.5 : 0;
    return r.chance(1 / (1 + Math.exp(-(logit + bonus)))) ? 1 : 0;
  });
  const attributes = [
    { name: 'a', kind: 'categorical' as const },
    { name: 'b', kind: 'categorical' as const },
    { name: 'c', kind: 'categorical' as const },
    { name: 'x', kind: 'numeric' as const },
  ];
  return { numbers, texts, attributes, target };
}

const bits = (values: Float64Array) =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength);

/** A fold's second part on the first 1,600 of `data`'s rows, held-out rows the rest. */
function tailOf(data: ReturnType<typeof signal>) {
  const fine = data.attributes.map((a) => fineAttribute(data, a));
  const n = data.target.length;
  const rows = Int32Array.from({ length: 1_600 }, (_, i) => i);
  const held = Int32Array.from({ length: n - 1_600 }, (_, i) => 1_600 + i);
  const first = fitMainEffects(fine, data.target, rows, { seed: 3 });
  const tail: FoldTail = { chosen: [0, 1, 2, 3], first: { ...first, space: undefined }, held };
  return { fine, tail };
}

describe('foldTailsThread', () => {
  it('gives the folds the scores, logits and choices they get in turn, to the last bit', () => {
    const data = signal(3_000, 5);
    const inTurn = crossFit({ ...data, folds: 5, seed: 2 });
    const threaded = crossFit({
      ...data,
      folds: 5,
      seed: 2,
      tails: foldTailsThread({ minRows: 0 }),
    });
    expect(bits(threaded.score).equals(bits(inTurn.score))).toBe(true);
    expect(bits(threaded.logit).equals(bits(inTurn.logit))).toBe(true);
    expect(threaded.tuning).toEqual(inTurn.tuning);
    expect(inTurn.tuning.some((t) => t.interactions > 0)).toBe(true);
  });

  it('takes a part the worker ran from the worker, equal to the part run here', async () => {
    const data = signal(2_000, 7);
    const { fine, tail } = tailOf(data);
    const tails = foldTailsThread({ minRows: 0 })({ fine, target: data.target });
    if (!tails) throw new Error('no worker');
    try {
      tails.submit(0, tail);
      await vi.waitFor(() => expect(tails.settled(0)).toBe(true), { timeout: 60_000 });
      const taken = tails.take(0, () => {
        throw new Error('run here, not on the worker');
      });
      const here = runFoldTail(fine, data.target, tail);
      expect(bits(taken.score).equals(bits(here.score))).toBe(true);
      expect(bits(taken.logit).equals(bits(here.logit))).toBe(true);
      expect([taken.interactions, taken.devianceWithout, taken.devianceWith]).toEqual([
        here.interactions,
        here.devianceWithout,
        here.devianceWith,
      ]);
    } finally {
      tails.close();
    }
  }, 90_000);

  it('runs a part here when it threw on the worker, or when the worker is gone', async () => {
    const data = signal(2_000, 7);
    const { fine, tail } = tailOf(data);
    const local = { interactions: 0, devianceWithout: 1, devianceWith: 1 };
    const mine = { ...local, score: new Float64Array(1), logit: new Float64Array(1) };
    const threw = foldTailsThread({ minRows: 0 })({ fine, target: data.target });
    if (!threw) throw new Error('no worker');
    try {
      threw.submit(0, { ...tail, chosen: [0, 9] }); // no attribute 9: throws on the worker
      await vi.waitFor(() => expect(threw.settled(0)).toBe(true), { timeout: 60_000 });
      expect(threw.take(0, () => mine)).toBe(mine);
    } finally {
      threw.close();
    }
    // Ended before (or while) running the part: taken here, at the latest after `patienceMs`.
    const gone = foldTailsThread({ minRows: 0, patienceMs: 2_000 })({ fine, target: data.target });
    if (!gone) throw new Error('no worker');
    gone.submit(0, tail);
    gone.close();
    expect(gone.take(0, () => mine)).toBe(mine);
  }, 90_000);

  it('is not used below `minRows` rows', () => {
    const data = signal(500, 1);
    const fine = data.attributes.map((a) => fineAttribute(data, a));
    expect(foldTailsThread()({ fine, target: data.target })).toBeUndefined();
  });
});
