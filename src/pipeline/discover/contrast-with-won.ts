import { assignCategoricalBin } from '../../core/binning/bin-categorical.js';
import { assignNumericBin } from '../../core/binning/bin-numeric.js';
import type { BinnedAttribute } from '../../core/binning/types.js';
import type { IcpConfig } from '../../core/config/schema.js';
import type { DiscoveryResult, StageHook } from '../../core/discovery/run-discovery.js';
import { percent } from '../../core/format/percent.js';
import type { Segment } from '../../core/segments/beam-search.js';
import { binomialTest, overdispersion } from '../../core/stats/multiple-testing.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { type DiscoveryRows, readDiscoveryRows, targetUnits } from '../analysis/discovery-rows.js';
import type { AnalysisTables } from '../analysis/prepare-analysis.js';
import { segmentLabel } from './assemble-icp.js';
import { discoverRows } from './discover-rows.js';

/**
 * What a conversion-only scorer would have chosen: the top segments by deals won, with the bins
 * of their attributes but not the deal rows' codes, so the deal rows can be let go before the
 * value rows are read (at ten million accounts each holds gigabytes of typed arrays).
 */
export interface WonSegments {
  readonly segments: readonly Segment[];
  /** The selected attributes' bins (`codes` empty): the segments index into these. */
  readonly selected: readonly BinnedAttribute[];
}

const NO_CODES = new Int32Array(0);

/**
 * The contrast's own discovery: the deal rows read and searched for segments (model-free), of
 * which only the segments and their bins are kept; undefined when there is no closed deal.
 */
export async function wonSegments(
  dataset: Dataset,
  tables: AnalysisTables,
  config: IcpConfig,
  chosen: Pick<DiscoveryRows, 'candidates' | 'excluded'> & {
    onStage?: StageHook | undefined;
    /** The text attributes' ENUM types (`textEnums`), read as codes through them. */
    enums?: ReadonlyMap<string, string>;
  },
): Promise<WonSegments | undefined> {
  const { onStage, enums, ...attributes } = chosen;
  const deals = await readDiscoveryRows(
    dataset.db,
    targetUnits('won', tables),
    { table: tables.attributes, ...attributes },
    { coded: true, ...(enums ? { enums } : {}) },
  );
  if (deals.target.length === 0) return undefined;
  const won = discoverRows(deals, config, overdispersion(deals.cluster, deals.target), {
    model: false,
    anti: false,
    // Only the segments and their bins are kept: the evidence tables' intervals over accounts
    // (a pass per attribute over the 1.33 million deal rows at 1,000,000 accounts) are not made.
    evidence: false,
    ...(onStage ? { onStage: (s: string) => onStage(`contrast: ${s}`) } : {}),
  });
  return {
    segments: won.segments.slice(0, 10),
    selected: won.selected.map((a) => ({ ...a, codes: NO_CODES })),
  };
}

/**
 * The contrast's findings: how the customers in each top segment by deals won fared on the
 * value target. The seeds' central warning, made measurable.
 */
export function contrastFindings(
  won: WonSegments | undefined,
  valueRows: DiscoveryRows,
  valueResult: DiscoveryResult,
): string[] {
  if (!won) return [];
  if (won.segments.length === 0)
    return ['Had the target been deals won, no segment would have stood out either.'];
  const n = valueRows.target.length;
  const badBase = valueRows.bad ? valueRows.bad.reduce((a, b) => a + b, 0) / Math.max(n, 1) : 0;
  const idealBase = valueRows.target.reduce((a, b) => a + b, 0) / Math.max(n, 1);
  const traps: string[] = [];
  // Each attribute's bins of the value rows, found once for every segment that uses it.
  const binned = new Map<number, Int32Array>();
  const binsOf = (j: number): Int32Array => {
    let codes = binned.get(j);
    if (!codes) {
      codes = binCodes(valueRows, won.selected[j]!);
      binned.set(j, codes);
    }
    return codes;
  };
  for (const seg of won.segments) {
    const match = rowsMatching(seg, binsOf);
    if (match.length < 20 || !valueRows.bad) continue;
    let bad = 0;
    let ideal = 0;
    for (const i of match) {
      bad += valueRows.bad[i] ?? 0;
      ideal += valueRows.target[i] ?? 0;
    }
    // Only segments whose customers fare clearly worse than the rest are worth the warning.
    if (bad / match.length <= badBase || binomialTest(bad, match.length, badBase) > 0.001) continue;
    const label = segmentLabel(seg, won.selected);
    const inAnti = valueResult.antiSegments.some((a) =>
      label.includes(segmentLabel(a, valueResult.binned)),
    );
    traps.push(
      `Had the target been deals won, ${label} would have been chosen (win rate ${percent(seg.rate)} against ${percent(seg.rate / seg.lift)} overall), yet ${percent(bad / match.length)} of its ${match.length} customers churned or cost more than they paid (against ${percent(badBase)}) and ${percent(ideal / match.length)} are ideal (against ${percent(idealBase)})${inAnti ? '; the anti-ICP holds it' : ''}.`,
    );
    if (traps.length === 3) break;
  }
  if (traps.length > 0) return traps;
  return [
    `Had the target been deals won, the top segment would have been ${segmentLabel(won.segments[0]!, won.selected)}; its customers fare no worse than others on value.`,
  ];
}

/**
 * Value rows whose attributes fall in the segment's bins (the bins were cut on deal rows):
 * `binsOf(j)` is every value row's bin of the segments' attribute j.
 */
function rowsMatching(seg: Segment, binsOf: (j: number) => Int32Array): number[] {
  const { conditions } = seg;
  const codes = conditions.map((c) => binsOf(c.attribute));
  const n = codes[0]?.length ?? 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let inside = true;
    for (let k = 0; k < conditions.length && inside; k++) {
      const bin = (codes[k] as Int32Array)[i] as number;
      const c = conditions[k] as Segment['conditions'][number];
      inside = bin >= c.from && bin <= c.to;
    }
    if (inside) out.push(i);
  }
  return out;
}

/** Every row's bin of `a`. */
function binCodes(rows: DiscoveryRows, a: BinnedAttribute): Int32Array {
  const binOf = binReader(rows, a);
  const codes = new Int32Array(rows.target.length);
  for (let i = 0; i < codes.length; i++) codes[i] = binOf(i);
  return codes;
}

/** Row i's bin of `a`; a coded column's bins are looked up once per distinct cell. */
function binReader(rows: DiscoveryRows, a: BinnedAttribute): (i: number) => number {
  if (a.kind === 'numeric') {
    const values = rows.numbers[a.name];
    return (i) => assignNumericBin(a.bins, values?.[i] ?? Number.NaN);
  }
  const coded = rows.counted?.get(a.name)?.codes;
  if (!coded) {
    const texts = rows.texts[a.name];
    return (i) => assignCategoricalBin(a.bins, texts?.[i] ?? null);
  }
  const bins = coded.values.map((v) => assignCategoricalBin(a.bins, v));
  const missing = assignCategoricalBin(a.bins, null);
  return (i) => {
    const id = coded.ids[i] as number;
    return id < 0 ? missing : (bins[id] as number);
  };
}
