import { describe, expect, it } from 'vitest';
import { gainedOnTheRest } from './gained-on-the-rest.js';

describe('gainedOnTheRest', () => {
  const bin = { count: 100, positives: 10 };
  const bins = [bin, { count: 900, positives: 90 }];

  it('a bin that went from 10% to 40% while the rest of its window stayed at 10% gained on it', () => {
    expect(gainedOnTheRest(bin, bins, 40, 100, 130, 1000, true)).toBe(true);
    // Asked the other way (did it fall behind the rest?), no.
    expect(gainedOnTheRest(bin, bins, 40, 100, 130, 1000, false)).toBe(false);
  });

  it('a bin that rose with its whole window (every unit at 40%) did not', () => {
    expect(gainedOnTheRest(bin, bins, 40, 100, 400, 1000, true)).toBe(false);
  });

  it('with nothing else in the window or the baseline to compare with, the bin counts', () => {
    expect(gainedOnTheRest(bin, bins, 40, 100, 40, 100, true)).toBe(true);
    expect(gainedOnTheRest(bin, [bin], 40, 100, 130, 1000, true)).toBe(true);
  });
});
