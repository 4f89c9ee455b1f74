import { type EvidenceTable, evidenceTable } from '../binning/evidence.js';
import type { FineAttribute } from '../binning/fine-bins.js';
import { withCodes } from '../binning/merge-bins.js';
import type { BinnedAttribute } from '../binning/types.js';
import { rankSelected, rankWeak, selectOn } from './attribute-selection.js';
import { fineAttribute } from './cross-fit.js';
import { judgeLeakage } from './leakage.js';
import type { AttributeEvidence, DiscoveryInput } from './run-discovery.js';
import { countColumn, screenColumn, summariseCounts } from './screen.js';

/** What screening, binning and testing found about every candidate attribute. */
export interface MeasuredEvidence {
  /** The usable attributes' fine bins, in candidate order. */
  readonly fines: readonly FineAttribute[];
  /** Their readable bins on their own (`univariateBins`). */
  readonly binned: readonly BinnedAttribute[];
  readonly tables: readonly EvidenceTable[];
  readonly pValues: readonly number[];
  readonly qValues: readonly number[];
  /** Indexes left out as leakage. */
  readonly leaky: ReadonlySet<number>;
  /** Indexes of the attributes that separate the target, strongest first. */
  readonly ranked: readonly number[];
  /** Indexes of the weak attributes the scorecard may admit as one set (`rankWeak`). */
  readonly weak: readonly number[];
  readonly excluded: readonly { attribute: string; reason: string }[];
  readonly warnings: readonly string[];
}

/**
 * Screens the candidates, cuts their fine and readable bins, tests each (on bins cut without
 * the outcome; Benjamini-Hochberg over all), leaves out leakage, and ranks those that separate
 * the target (q <= 5%, information value >= 0.02) by information value.
 */
export function measureEvidence(input: DiscoveryInput): MeasuredEvidence {
  const { target, candidates, dispersion = 1, keep = [], seed = 1, maxAttributes = 20 } = input;
  const n = target.length;
  const excluded: { attribute: string; reason: string }[] = [];
  const warnings: string[] = [];
  const fines: FineAttribute[] = [];
  input.onStage?.('profiling, fine bins');
  for (const c of candidates) {
    // One pass over the column's rows; screening and the fine bins work on its distinct values.
    const given = input.counted?.get(c.name);
    const column = given?.column ?? countColumn(input, c.name, c.kind);
    const screen = screenColumn(summariseCounts(c.name, column, n));
    if (!screen.usable) {
      excluded.push({ attribute: c.name, reason: `${screen.reason}: ${screen.detail}` });
      continue;
    }
    fines.push(given ? given.fine() : fineAttribute(input, c, column));
  }
  const options = {
    dispersion,
    seed,
    maxAttributes,
    ...(input.foldRule ? { foldRule: input.foldRule } : {}),
    ...(input.onStage ? { onStage: input.onStage } : {}),
  };
  const on = selectOn(fines, target, options);
  const binned = on.merged.map((m, j) => withCodes(fines[j] as FineAttribute, m).attribute);
  // With groups the reported intervals are over accounts (counts and tests are the rows'). A
  // caller that reads no table (`evidence: false`) keeps Wilson's: the same counts, so the same
  // information values, leakage and ranking, without a pass per attribute over the groups.
  const tables =
    input.groups && input.evidence !== false
      ? binned.map((b) => evidenceTable(b, target, undefined, input.groups))
      : on.tables;
  const leaky = judgeAll(tables, keep, excluded, warnings);
  const { pValues, qValues } = on;
  const ranked = rankSelected(tables, qValues, leaky, maxAttributes);
  const weak = rankWeak(tables, qValues, leaky, ranked, maxAttributes);
  return { fines, binned, tables, pValues, qValues, leaky, ranked, weak, excluded, warnings };
}

/**
 * Leaves out the attributes the evidence shows to restate the outcome (unless kept, which is
 * then said), and collects the warnings about names. Returns the indexes left out.
 */
function judgeAll(
  tables: readonly EvidenceTable[],
  keep: readonly string[],
  excluded: { attribute: string; reason: string }[],
  warnings: string[],
): Set<number> {
  const leaky = new Set<number>();
  tables.forEach((t, j) => {
    const judged = judgeLeakage(t.attribute, t.rows);
    if (!judged) return;
    if (judged.kind === 'warn') {
      warnings.push(judged.note);
    } else if (keep.includes(t.attribute)) {
      warnings.push(
        `"${t.attribute}" looks like leakage (${judged.evidence}) and was kept because you asked to keep it.`,
      );
    } else {
      leaky.add(j);
      excluded.push({
        attribute: t.attribute,
        reason: `suspected leakage: ${judged.evidence}; keep it with --keep ${JSON.stringify(t.attribute)} (or discover.keep in the config)`,
      });
    }
  });
  return leaky;
}

/**
 * Every usable attribute's evidence, strongest first. A selected attribute (in the scorecard,
 * or among the strongest when there is none) has its table measured on the bins it has in
 * `selected`, so the two agree.
 */
export function evidenceList(
  found: Pick<MeasuredEvidence, 'tables' | 'pValues' | 'qValues' | 'leaky'>,
  selected: readonly BinnedAttribute[],
  target: Uint8Array,
  groups?: Int32Array,
): AttributeEvidence[] {
  const byName = new Map(selected.map((a) => [a.name, a]));
  return found.tables
    .map((t, j) => {
      const own = byName.get(t.attribute);
      return {
        table: own ? evidenceTable(own, target, undefined, groups) : t,
        pValue: found.pValues[j] as number,
        qValue: found.qValues[j] as number,
        selected: own !== undefined,
      };
    })
    .filter((_, j) => !found.leaky.has(j))
    .sort((a, b) => b.table.iv - a.table.iv || a.table.attribute.localeCompare(b.table.attribute));
}
