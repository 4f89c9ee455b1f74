import { IcpError } from '../../core/errors/icp-error.js';

/** Parses a whole-number option, naming the option and the fix when it is not one. */
export function intOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value.replaceAll('_', ''));
    if (!/^\d[\d_]*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new IcpError(
        'USAGE',
        `${name}: "${value}" is not a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}. Pass e.g. ${name} ${min}.`,
      );
    }
    return n;
  };
}

/** Parses a share from 0 to 1, naming the option and the fix when it is not one. */
export function shareOption(name: string) {
  return (value: string): number => {
    const x = Number(value);
    if (!/^\s*(0|1|0?\.\d+|1\.0*)\s*$/.test(value) || !(x >= 0 && x <= 1))
      throw new IcpError(
        'USAGE',
        `${name}: "${value}" is not a share from 0 to 1. Pass e.g. ${name} 0.5.`,
      );
    return x;
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * Parses a date option: YYYY-MM-DD naming a day the calendar has (2024-02-30 is refused here,
 * rather than failing deep inside a query).
 */
export function dateOption(name: string) {
  return (value: string): string => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) {
      throw new IcpError(
        'USAGE',
        `${name} ${JSON.stringify(value)}: write a date as YYYY-MM-DD, e.g. ${name} 2025-06-30.`,
      );
    }
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (year < 1900 || month < 1 || month > 12) {
      throw new IcpError(
        'USAGE',
        `${name} ${value}: not a date (the year must be 1900 or later and the month 01 to 12). Write a date as YYYY-MM-DD, e.g. ${name} 2025-06-30.`,
      );
    }
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > days) {
      throw new IcpError(
        'USAGE',
        `${name} ${value}: ${MONTHS[month - 1]} ${year} has no day ${m[3]} (it has ${days} days). Write a real date as YYYY-MM-DD.`,
      );
    }
    return value;
  };
}

/** Splits a comma-separated option into trimmed, non-empty items. */
export function listOption(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
