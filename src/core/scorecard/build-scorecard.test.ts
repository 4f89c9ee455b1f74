import { describe, expect, it } from 'vitest';
import { fineCategorical, fineNumeric } from '../binning/fine-bins.js';
import { createRandom } from '../random/prng.js';
import { pointsOf, scorecardPoints, scoreRows, scoreRowsAt } from './build-scorecard.js';
import { fitScorecard } from './fit-scorecard.js';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Age with a U-shaped effect, an industry with a planted cell, a region of noise. */
function world(seed: number, n: number, planted: boolean) {
  const r = createRandom(seed);
  const age = new Float64Array(n);
  const industry: (string | null)[] = [];
  const region: string[] = [];
  const size: string[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    age[i] = r.int(20, 80);
    industry.push(r.pick(['fintech', 'retail', 'media', 'health']));
    size.push(r.pick(['small', 'mid', 'large']));
    region.push(r.pick(['north', 'south']));
    const u = (((age[i] as number) - 50) / 20) ** 2;
    const cell = planted && industry[i] === 'media' && size[i] === 'large' ? 2 : 0;
    y[i] = r.chance(sigmoid(-1.5 + 1.2 * u + (industry[i] === 'fintech' ? 0.8 : 0) + cell)) ? 1 : 0;
  }
  const fine = [
    fineNumeric('Age', age, { maxBins: 30, minCount: 20 }),
    fineCategorical('Industry', industry),
    fineCategorical('Size', size),
    fineCategorical('Region', region),
  ];
  return { fine, y };
}

describe('fitScorecard', () => {
  it('keeps a U shape the data supports (age): the middle bin scores lowest, both ends well above it', () => {
    const { fine, y } = world(3, 8000, false);
    const fitted = fitScorecard(fine, y, all(y.length));
    const age = fitted.attributes[0]!;
    const effects = [...age.effects].slice(0, -1); // without the missing bin
    const lowest = effects.indexOf(Math.min(...effects));
    const middle =
      age.attribute.codes[y.findIndex((_, i) => fine[0]!.codes[i] !== undefined && i >= 0)]!;
    expect(middle).toBeGreaterThanOrEqual(0);
    const binOf50 = age.attribute.bins.findIndex(
      (b) => b.kind === 'range' && b.lo <= 50 && 50 < b.hi,
    );
    expect(lowest).toBe(binOf50);
    expect(effects[0]! - effects[lowest]!).toBeGreaterThan(0.8);
    expect(effects[effects.length - 1]! - effects[lowest]!).toBeGreaterThan(0.8);
  });

  it('finds a planted interaction (Industry = media and Size = large) first, and none where there is none', () => {
    for (const seed of [4, 5, 6]) {
      const { fine, y } = world(seed, 8000, true);
      const fitted = fitScorecard(fine, y, all(y.length));
      const first = fitted.interactions[0]!;
      expect(first.conditions.map((c) => `${fine[c.attribute]!.name} = ${c.bin.label}`)).toEqual([
        'Industry = media',
        'Size = large',
      ]);
      // Planted: +2 on the logit.
      expect(Math.abs(first.effect - 2)).toBeLessThan(0.3);
      expect(fitted.interactions.length).toBeLessThanOrEqual(3);
      const none = world(seed, 8000, false);
      expect(fitScorecard(none.fine, none.y, all(8000)).interactions).toEqual([]);
    }
  });

  it('turns effects into points that add up: each term from 0, the best record 100, the logit exact', () => {
    const { fine, y } = world(4, 8000, true);
    const model = scorecardPoints(fitScorecard(fine, y, all(y.length)), y);
    for (const p of model.points) expect(Math.min(...p)).toBe(0);
    const best =
      model.points.reduce((s, p) => s + Math.max(...p), 0) +
      model.interactions.reduce((s, t) => s + Math.max(t.points.match, t.points.noMatch), 0);
    expect(best).toBeCloseTo(100, 9);
    const { score, logit } = scoreRows(model);
    const fitted = fitScorecard(fine, y, all(y.length));
    for (const i of [0, 1, 2, 100, 7999]) {
      expect(logit[i]).toBeCloseTo(model.intercept + score[i]! * model.scale, 9);
      expect(logit[i]).toBeCloseTo(fitted.logit[i]!, 9);
    }
    // The logit is computed when first read, once.
    expect(fitted.logit).toBe(fitted.logit);
    expect(Object.keys(fitted)).toContain('logit');
  });

  it('scores some rows as it scores every row, to the last digit (scoreRowsAt)', () => {
    const { fine, y } = world(4, 8000, true);
    const model = scorecardPoints(fitScorecard(fine, y, all(y.length)), y);
    expect(model.interactions.length).toBeGreaterThan(0);
    const every = scoreRows(model);
    const rows = Int32Array.from([7999, 0, 3, 3, 4100, 17]);
    const some = scoreRowsAt(model, rows);
    expect(Array.from(some.score)).toEqual(Array.from(rows, (i) => every.score[i]));
    expect(Array.from(some.logit)).toEqual(Array.from(rows, (i) => every.logit[i]));
    expect(scoreRowsAt(model, new Int32Array(0)).score.length).toBe(0);
  });

  it('fits the same with its codes, masks and logits at some rows only (at), on rows and on patterns', () => {
    // 8,000 rows fit on rows, 60,000 on their patterns (COLLAPSE_ROWS); a fold learns from
    // four rows in five and scores the fifth.
    for (const n of [8000, 60_000]) {
      const { fine, y } = world(7, n, true);
      const train = all(n).filter((i) => i % 5 !== 0);
      const held = all(n).filter((i) => i % 5 === 0);
      const full = fitScorecard(fine, y, train);
      const some = fitScorecard(fine, y, train, { at: held });
      expect(some.interactions.length).toBeGreaterThan(0);
      const pick = (values: ArrayLike<number>) => Array.from(held, (i) => values[i] as number);
      expect(some.intercept).toBe(full.intercept);
      some.attributes.forEach((m, j) => {
        const whole = full.attributes[j]!;
        expect([m.effects, m.attribute.bins]).toEqual([whole.effects, whole.attribute.bins]);
        expect(Array.from(m.attribute.codes)).toEqual(pick(whole.attribute.codes));
      });
      some.interactions.forEach((t, k) => {
        const whole = full.interactions[k]!;
        expect([t.conditions, t.effect]).toEqual([whole.conditions, whole.effect]);
        expect(Array.from(t.mask)).toEqual(pick(whole.mask));
      });
      expect(Array.from(some.logit)).toEqual(pick(full.logit));
      expect(scoreRows(pointsOf(some))).toEqual(scoreRowsAt(pointsOf(full), held));
    }
  });

  it('scores the same without the interactions counted (pointsOf), and counts each match and its positives', () => {
    const { fine, y } = world(4, 8000, true);
    const fitted = fitScorecard(fine, y, all(y.length));
    const model = scorecardPoints(fitted, y);
    const points = pointsOf(fitted);
    expect(model.interactions.length).toBeGreaterThan(0);
    const rows = Int32Array.from([7999, 0, 3, 4100, 17]);
    expect(scoreRowsAt(points, rows)).toEqual(scoreRowsAt(model, rows));
    for (const t of model.interactions) {
      const matched = Array.from(t.mask.keys()).filter((i) => t.mask[i] === 1);
      expect(t.count).toBe(matched.length);
      expect(t.positives).toBe(matched.filter((i) => y[i] === 1).length);
      expect(Object.keys(t)).toEqual([
        'conditions',
        'effect',
        'points',
        'mask',
        'count',
        'positives',
      ]);
    }
  });

  it('scores a missing value no better than the evidence: a few gaps pulled towards average, never-missing at average', () => {
    const r = createRandom(8);
    const n = 6000;
    const x = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = r.next() * 100;
      y[i] = r.chance(sigmoid(-2 + x[i]! / 25)) ? 1 : 0;
    }
    // 20 values go missing; 15 of those rows are positive (75%, against about 50% overall).
    for (let k = 0; k < 20; k++) {
      x[k * 300] = Number.NaN;
      y[k * 300] = k < 15 ? 1 : 0;
    }
    const fit = fitScorecard([fineNumeric('x', x, { maxBins: 20, minCount: 20 })], y, all(n));
    const m = fit.attributes[0]!;
    const counts = new Float64Array(m.effects.length);
    for (const c of m.attribute.codes) counts[c]!++;
    const average = m.effects.reduce((s, e, b) => s + e * counts[b]!, 0) / n;
    const base = y.reduce((s, v) => s + v, 0) / n;
    const raw = Math.log(15 / 5) - Math.log(base / (1 - base));
    const missing = m.effects[m.effects.length - 1]! - average;
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(0.6 * raw);
    const full = Float64Array.from(x, (v, i) => (Number.isNaN(v) ? i / 60 : v));
    const never = fitScorecard([fineNumeric('x', full, { maxBins: 20, minCount: 20 })], y, all(n));
    const e = never.attributes[0]!;
    const w = new Float64Array(e.effects.length);
    for (const c of e.attribute.codes) w[c]!++;
    const avg = e.effects.reduce((s, v, b) => s + v * w[b]!, 0) / n;
    expect(e.effects[e.effects.length - 1]).toBeCloseTo(avg, 12);
  });
});
