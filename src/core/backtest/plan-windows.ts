import { IcpError } from '../errors/icp-error.js';
import { addMonths, checkDate, type Every, periodsBetween } from '../time/periods.js';

/**
 * The backtest's windows: one from `--as-of` to the end of the data, or one per period from
 * `--since` (default: a year after the first record) when `--every` is given. `first` and
 * `end` are the first record's date and the data's end, both YYYY-MM-DD.
 */
export function planWindows(
  options: { readonly asOf?: string; readonly every?: Every; readonly since?: string },
  first: string,
  end: string,
): { asOf: string; until: string }[] {
  if (options.asOf) {
    checkDate(options.asOf, '--as-of');
    if (options.asOf >= end)
      throw new IcpError(
        'USAGE',
        `--as-of ${options.asOf}: the data end on ${end}, so nothing came after it to score.`,
      );
    return [{ asOf: options.asOf, until: end }];
  }
  const every = options.every as Every;
  if (options.since) checkDate(options.since, '--since');
  const windows = periodsBetween(options.since ?? addMonths(first, 12), end, every);
  if (windows.length === 0)
    throw new IcpError('USAGE', `no ${every} starts between ${options.since ?? first} and ${end}.`);
  return windows;
}
