import { describe, expect, it } from 'vitest';
import { addMonths, checkDate, periodStart, periodsBetween, previousDay } from './periods.js';

describe('periods', () => {
  it('finds the first day of the month, quarter and year of a date', () => {
    expect(periodStart('2025-11-17', 'quarter')).toBe('2025-10-01');
    expect(periodStart('2025-11-17', 'month')).toBe('2025-11-01');
    expect(periodStart('2025-11-17', 'year')).toBe('2025-01-01');
    expect(periodStart('2025-01-01', 'quarter')).toBe('2025-01-01');
  });

  it('adds months across a year and rolls a missing day over as Date does', () => {
    expect(addMonths('2025-10-01', 3)).toBe('2026-01-01');
    expect(addMonths('2025-04-01', -21)).toBe('2023-07-01');
    expect(addMonths('2025-01-31', 1)).toBe('2025-03-03');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
  });

  it('cuts periods from a date to the end, the last one ending on the end', () => {
    expect(periodsBetween('2025-02-10', '2025-08-15', 'quarter')).toEqual([
      { asOf: '2025-01-01', until: '2025-03-31' },
      { asOf: '2025-04-01', until: '2025-06-30' },
      { asOf: '2025-07-01', until: '2025-08-15' },
    ]);
    expect(periodsBetween('2025-09-01', '2025-09-01', 'month')).toEqual([]);
  });

  it('refuses a date that is not YYYY-MM-DD or not on the calendar', () => {
    expect(() => checkDate('2025-13-01', '--as-of')).toThrow(
      '--as-of 2025-13-01: write a date as YYYY-MM-DD.',
    );
    expect(() => checkDate('1/2/2025', '--since')).toThrow(
      '--since 1/2/2025: write a date as YYYY-MM-DD.',
    );
    expect(() => checkDate('2025-02-28', '--since')).not.toThrow();
  });
});
