import { describe, expect, it } from 'vitest';
import { badCustomerSql } from './bad-customer.js';

describe('badCustomerSql', () => {
  it('is churned, cost above revenue or negative net value, missing values not bad', () => {
    expect(badCustomerSql()).toBe(
      '(coalesce(churned, false) OR coalesce(cost_share, 0) > 1 OR coalesce(net_value, 0) < 0)',
    );
  });

  it('qualifies every column with the alias', () => {
    expect(badCustomerSql('v')).toBe(
      '(coalesce(v.churned, false) OR coalesce(v.cost_share, 0) > 1 OR coalesce(v.net_value, 0) < 0)',
    );
  });
});
