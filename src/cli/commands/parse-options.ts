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
