import type { TextCounts } from '../../core/binning/column-counts.js';
import { fineAttribute } from '../../core/discovery/cross-fit.js';
import type { CountedColumn } from '../../core/discovery/run-discovery.js';

/**
 * Coded text columns (`readColumns`' `code` kind) as discovery takes columns counted elsewhere:
 * their counts, and their fine bins cut from the counts by `fineAttribute` (the rule it applies
 * to a column of strings), so discovery gives what it gives on the strings.
 */
export function countedColumns(
  codes: Readonly<Record<string, TextCounts>>,
): ReadonlyMap<string, CountedColumn & { readonly codes: TextCounts }> {
  const noRows = { numbers: {}, texts: {} };
  return new Map(
    Object.entries(codes).map(([name, counted]) => {
      const column = { kind: 'categorical' as const, counted };
      const fine = () => fineAttribute(noRows, { name, kind: 'categorical' }, column);
      return [name, { codes: counted, column, fine }];
    }),
  );
}
