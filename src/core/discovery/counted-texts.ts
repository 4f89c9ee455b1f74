import { fineAttribute } from './cross-fit.js';
import type { CountedColumn, DiscoveryColumns } from './run-discovery.js';
import { countColumn, screenColumn, summariseCounts } from './screen.js';

/**
 * The text candidates counted and cut into fine bins now, as `measureEvidence` would count and
 * cut them (the same functions on the same values), so that a caller can hand discovery these
 * (`DiscoveryInput.counted`) instead of the texts. A million rows of a text column are a million
 * references the garbage collector walks at every full collection of the whole run; the fine
 * bins' codes are one typed array it does not walk. A column screening leaves out is counted
 * only (it has no fine bins to ask for).
 */
export function countedTexts(
  input: DiscoveryColumns,
  candidates: readonly { readonly name: string; readonly kind: 'numeric' | 'categorical' }[],
  rows: number,
): Map<string, CountedColumn> {
  const out = new Map<string, CountedColumn>();
  for (const c of candidates) {
    if (c.kind !== 'categorical') continue;
    const column = countColumn(input, c.name, c.kind);
    const usable = screenColumn(summariseCounts(c.name, column, rows)).usable;
    const fine = usable ? fineAttribute(input, c, column) : undefined;
    out.set(c.name, {
      column,
      fine() {
        if (!fine) throw new Error(`"${c.name}" was screened out: it has no fine bins`);
        return fine;
      },
    });
  }
  return out;
}
