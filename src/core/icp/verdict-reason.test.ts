import { describe, expect, it } from 'vitest';
import { verdictReason } from './verdict-reason.js';

describe('verdictReason', () => {
  it('drops the closing "no reliable profile" that a caller already leads with', () => {
    expect(
      verdictReason({
        kind: 'no_signal',
        reason:
          'no attribute separates the target beyond chance (false discovery rate 5% over 6 attributes): no reliable profile',
      }),
    ).toBe(
      'no attribute separates the target beyond chance (false discovery rate 5% over 6 attributes)',
    );
    expect(
      verdictReason({
        kind: 'no_signal',
        reason:
          'the cross-validated AUC is 0.512 (95% interval 0.481 to 0.544): no better than chance, so no reliable profile',
      }),
    ).toBe('the cross-validated AUC is 0.512 (95% interval 0.481 to 0.544): no better than chance');
  });

  it('leaves a reason that does not end in those words as it is', () => {
    const reason = 'only 12 positives: at least 30 are needed for a profile';
    expect(verdictReason({ kind: 'insufficient', reason })).toBe(reason);
  });
});
