import type { TextCounts } from '../../core/binning/column-counts.js';
import { fineCategorical } from '../../core/binning/fine-bins.js';
import type { CountedColumn } from '../../core/discovery/run-discovery.js';

/**
 * Coded text columns (`readColumns`' `code` kind) as discovery takes columns counted elsewhere:
 * their counts, and their fine bins cut as `fineAttribute` cuts a text column's (a bin per level
 * of at least 5 rows), so discovery gives what it gives on the strings.
 */
export function countedColumns(
  codes: Readonly<Record<string, TextCounts>>,
): ReadonlyMap<string, CountedColumn & { readonly codes: TextCounts }> {
  return new Map(
    Object.entries(codes).map(([name, counted]) => [
      name,
      {
        codes: counted,
        column: { kind: 'categorical', counted },
        fine: () => fineCategorical(name, [], { minCount: 5 }, counted),
      },
    ]),
  );
}
