import { describe, expect, it } from 'vitest';
import { etaText } from './progress.js';

describe('etaText', () => {
  it('estimates from the average pace so far', () => {
    expect(etaText(1, 4, 10_000)).toBe('30s');
    expect(etaText(1, 8, 27_000)).toBe('3m09s');
    expect(etaText(1, 100, 60_000)).toBe('1h39m');
  });

  it('says "estimating" before the first step, never an infinite or NaN time', () => {
    expect(etaText(0, 8, 5_000)).toBe('estimating');
    expect(etaText(0, 8, 0)).toBe('estimating');
    expect(etaText(8, 8, 5_000)).toBe('0s');
  });
});
