import { describe, expect, it } from 'vitest';
import { escapingIo } from './escape-controls.js';
import { createProgress, etaText } from './progress.js';

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

describe('createProgress', () => {
  it("draws on the command's terminal, its cursor codes unescaped, and clears the bar when done", () => {
    const err: string[] = [];
    const io = escapingIo({
      stdout: () => {},
      stderr: () => {},
      terminal: (t: string) => void err.push(t),
      isTTY: true,
    });
    const bar = createProgress(io, 'Scoring');
    bar.update(1, 4);
    // The first frame is drawn at once; later ones at the bar's frame rate, and on stop.
    expect(err.join('')).toContain(
      'Scoring [----------------------------------------] 0% | 0/4 | ETA estimating',
    );
    bar.stop();
    const text = err.join('');
    expect(text).toContain('Scoring [==========------------------------------] 25% | 1/4 | ETA ');
    // clearOnComplete: the bar erases its line when done
    expect(text.endsWith('\x1b[1G\x1b[2K')).toBe(true);
  });

  it('draws nothing when stderr is not a terminal (a CI log stays readable)', () => {
    const err: string[] = [];
    const bar = createProgress(
      { stdout: () => {}, stderr: (t) => void err.push(t), isTTY: false },
      'Scoring',
    );
    bar.update(1, 4);
    bar.stop();
    expect(err).toEqual([]);
  });
});
