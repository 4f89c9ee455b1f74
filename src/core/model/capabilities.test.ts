import { describe, expect, it } from 'vitest';
import { capabilities } from './capabilities.js';

describe('capabilities', () => {
  it('does not call product adoption available: usage is loaded but no figure reads it yet', () => {
    const adoption = (present: Parameters<typeof capabilities>[0]) =>
      capabilities(present).find((c) => c.id === 'adoption');
    expect(adoption({ accounts: ['account_id'], usage: ['account_id', 'metric'] })).toEqual({
      id: 'adoption',
      label: 'product adoption',
      available: false,
      reason:
        'usage loaded but not used yet: no value, discovery or audit figure reads product adoption',
    });
    expect(adoption({ accounts: ['account_id'] })?.reason).toBe(
      'no usage: product adoption unknown',
    );
  });
});
