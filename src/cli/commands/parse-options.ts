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
