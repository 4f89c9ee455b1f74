import { describe, expect, it } from 'vitest';
import { parseCriterion } from './criteria.js';

describe('parseCriterion', () => {
  it('reads the forms people write', () => {
    expect(parseCriterion('industry in [SaaS, Fintech]')).toEqual({
      attribute: 'industry',
      op: 'in',
      values: ['SaaS', 'Fintech'],
    });
    expect(parseCriterion('Country not in (US, "Canada")')).toEqual({
      attribute: 'Country',
      op: 'not_in',
      values: ['US', 'Canada'],
    });
    expect(parseCriterion('employees between 200 and 2_000')).toEqual({
      attribute: 'employees',
      op: 'between',
      min: 200,
      max: 2000,
    });
    expect(parseCriterion('Region = North America')).toEqual({
      attribute: 'Region',
      op: 'in',
      values: ['North America'],
    });
    expect(parseCriterion('Annual revenue>=1.5e6')).toEqual({
      attribute: 'Annual revenue',
      op: '>=',
      value: 1_500_000,
    });
    expect(parseCriterion('Time in market > 5')).toEqual({
      attribute: 'Time in market',
      op: '>',
      value: 5,
    });
    expect(parseCriterion('Has Legal != no')).toEqual({
      attribute: 'Has Legal',
      op: 'not_in',
      values: ['no'],
    });
    expect(parseCriterion('CRM is not missing')).toEqual({ attribute: 'CRM', op: 'present' });
    expect(parseCriterion('CRM is missing')).toEqual({ attribute: 'CRM', op: 'missing' });
  });

  it('says what is wrong and which forms it understands', () => {
    expect(() => parseCriterion('employees around 200')).toThrow(
      /^"employees around 200": no operator found\. Write one of: ATTRIBUTE in \[a, b\]/,
    );
    expect(() => parseCriterion('employees between 2000 and 200')).toThrow(
      '"employees between 2000 and 200": the range runs from 2000 down to 200.',
    );
    expect(() => parseCriterion('employees >= lots')).toThrow(
      '"employees >= lots": "lots" is not a number.',
    );
    expect(() => parseCriterion('industry in []')).toThrow(
      '"industry in []": the list of values is empty.',
    );
  });
});
