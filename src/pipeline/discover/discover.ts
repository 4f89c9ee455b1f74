import { assignCategoricalBin } from '../../core/binning/bin-categorical.js';
import { assignNumericBin } from '../../core/binning/bin-numeric.js';
import type { BinnedAttribute } from '../../core/binning/types.js';
import type { IcpConfig } from '../../core/config/schema.js';
import {
  type DiscoveryResult,
  runDiscovery,
  type StageHook,
  stageMarker,
} from '../../core/discovery/run-discovery.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import type { Segment } from '../../core/segments/beam-search.js';
import { binomialTest, overdispersion } from '../../core/stats/multiple-testing.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { computePersonas } from '../personas/personas.js';
import { assembleIcp, segmentLabel } from './assemble-icp.js';
import { withTierEconomics } from './tier-economics.js';
import {
  type DiscoveryRows,
  dataFingerprint,
  readDiscoveryRows,
  targetUnits,
} from '../analysis/discovery-rows.js';
import { percent } from '../../core/format/percent.js';
import {
  type AnalysisTables,
  type PreparedAnalysis,
  prepareAnalysis,
} from '../analysis/prepare-analysis.js';
import { uniqueTable } from '../analysis/table-ref.js';

export interface DiscoverOptions {
  readonly onProgress?: (stage: string) => void;
  /** Called as each stage starts (for timing, `bench/discover.ts`); never changes the result. */
  readonly onStage?: StageHook;
  /** The data were cut to what arrived since this date (recorded in the provenance). */
  readonly since?: string;
  /**
   * DuckDB's memory limit in bytes while discovery holds its rows in JavaScript (from reading
   * them to the end), to keep the two together within the command's budget; default unchanged.
   */
  readonly rowsMemory?: number | undefined;
  /**
   * Record what a customer of each tier was worth (`economics`, one more scoring pass over the
   * accounts); default true. A verb that only compares ICPs (the backtest) can skip it.
   */
  readonly economics?: boolean;
}

/**
 * Discovers the ICP of a loaded dataset: customer value, the target, evidence per attribute,
 * a cross-validated scorecard, segments, the anti-ICP and personas, written as an ICP definition.
 */
export async function discoverIcp(
  dataset: Dataset,
  config: IcpConfig,
  options: DiscoverOptions = {},
): Promise<IcpDefinition> {
  const { onStage } = options;
  const mark = stageMarker(options);
  mark('customer value', 'computing customer value');
  const analysis = await attributeRows(
    dataset,
    await prepareAnalysis(dataset, config, {
      agesAtValueDate: true,
      ...(onStage ? { onStage } : {}),
    }),
  );
  const { value, target, attributes: prepared, tables } = analysis;
  mark('rows into JavaScript', 'reading attributes');
  if (options.rowsMemory !== undefined) await dataset.db.setMemoryLimit(options.rowsMemory);
  const exclude = new Set(config.discover.exclude);
  const candidates = prepared.candidates.filter((c) => !exclude.has(c.name));
  const excluded = [
    ...prepared.excluded,
    ...config.discover.exclude.map((a) => ({ attribute: a, reason: 'excluded in the config' })),
  ];
  const rows = await readDiscoveryRows(
    dataset.db,
    targetUnits(target.kind, tables),
    { table: tables.attributes, candidates, excluded },
    { coded: true },
  );
  const dispersion = target.kind === 'won' ? overdispersion(rows.cluster, rows.target) : 1;
  mark('discovery', 'discovering');
  const result = run(rows, config, dispersion, { model: true, anti: true, onStage });
  const findings: string[] = [...prepared.notes];
  if (dispersion > 1.05) {
    findings.push(
      `Deals of one account are alike (overdispersion ${dispersion.toFixed(2)}): tests count ${(rows.target.length / dispersion).toFixed(0)} effective deals rather than ${rows.target.length}.`,
    );
  }
  if (target.kind !== 'won' && dataset.tables.has('deals')) {
    mark('contrast with deals won', 'contrasting with deals won');
    findings.push(
      ...(await contrastWithWon(dataset, tables, rows, result, config, {
        candidates,
        excluded,
        onStage,
      })),
    );
  }
  mark('personas');
  const personas = dataset.tables.has('deal_contacts') ? await computePersonas(dataset) : undefined;
  mark('fingerprint');
  const { fingerprint, rows: counts } = await dataFingerprint(dataset);
  const icp = assembleIcp({
    numbers: rows.numbers,
    name: config.name ?? 'ICP',
    parent: null,
    target: {
      kind: target.kind,
      definition: target.definition,
      eligible: target.eligible,
      positives: target.positives,
    },
    result: { ...result, excluded: [...prepared.reshaped, ...result.excluded] },
    derive: prepared.derive,
    synonyms: prepared.synonyms,
    personas,
    findings,
    provenance: {
      as_of: value.asOf,
      rows: counts,
      seed: config.discover.seed,
      settings: {
        value: value.settings,
        target: config.target,
        discover: config.discover,
        ...(options.since ? { since: options.since } : {}),
      },
      fingerprint,
    },
  });
  if (options.economics === false) return icp;
  mark('tier economics');
  return withTierEconomics(dataset, icp, analysis, config.currency);
}

/**
 * The analysis with its attributes computed once into a table: discovery reads every attribute
 * of the accounts for its rows, again for the deal rows of the contrast, and tier economics
 * scores them, and the view computes them anew each time (a list's has-X cells split the list
 * once per item and account).
 */
async function attributeRows(
  dataset: Dataset,
  analysis: PreparedAnalysis,
): Promise<PreparedAnalysis> {
  const table = uniqueTable('_attribute_rows');
  await dataset.db.run(`CREATE TEMP TABLE ${table} AS SELECT * FROM ${analysis.tables.attributes}`);
  return {
    ...analysis,
    tables: { ...analysis.tables, attributes: table },
    attributes: { ...analysis.attributes, table },
    async drop() {
      await dataset.db.run(`DROP TABLE IF EXISTS ${table}`);
      await analysis.drop();
    },
  };
}

/**
 * Discovery on the rows read: with `model`, a cross-validated scorecard; with `anti`, the
 * anti-ICP on the rows' bad-value outcome (the contrast with deals won reads only segments).
 */
function run(
  rows: DiscoveryRows,
  config: IcpConfig,
  dispersion: number,
  options: { model: boolean; anti: boolean; onStage?: StageHook | undefined },
): DiscoveryResult {
  const { model, onStage } = options;
  return runDiscovery({
    numbers: rows.numbers,
    texts: rows.texts,
    ...(rows.counted ? { counted: rows.counted } : {}),
    candidates: rows.candidates,
    target: rows.target,
    ...(rows.bad && options.anti
      ? { anti: { target: rows.bad, include: new Uint8Array(rows.target.length).fill(1) } }
      : {}),
    dispersion,
    // Deals of one account share a fold, so validation never tests on an account it learned from.
    ...(rows.clustered ? { groups: rows.cluster } : {}),
    keep: config.discover.keep,
    seed: config.discover.seed,
    folds: config.discover.folds,
    maxAttributes: config.discover.max_attributes,
    model,
    ...(onStage ? { onStage } : {}),
  });
}

/**
 * What a conversion-only scorer would have chosen: the top segment by deals won, and how its
 * customers fared on the value target. The seeds' central warning, made measurable.
 */
async function contrastWithWon(
  dataset: Dataset,
  tables: AnalysisTables,
  valueRows: DiscoveryRows,
  valueResult: DiscoveryResult,
  config: IcpConfig,
  chosen: Pick<DiscoveryRows, 'candidates' | 'excluded'> & { onStage?: StageHook | undefined },
): Promise<string[]> {
  const { onStage, ...attributes } = chosen;
  const deals = await readDiscoveryRows(
    dataset.db,
    targetUnits('won', tables),
    { table: tables.attributes, ...attributes },
    { coded: true },
  );
  if (deals.target.length === 0) return [];
  const won = run(deals, config, overdispersion(deals.cluster, deals.target), {
    model: false,
    anti: false,
    ...(onStage ? { onStage: (s: string) => onStage(`contrast: ${s}`) } : {}),
  });
  if (won.segments.length === 0)
    return ['Had the target been deals won, no segment would have stood out either.'];
  const n = valueRows.target.length;
  const badBase = valueRows.bad ? valueRows.bad.reduce((a, b) => a + b, 0) / Math.max(n, 1) : 0;
  const idealBase = valueRows.target.reduce((a, b) => a + b, 0) / Math.max(n, 1);
  const traps: string[] = [];
  for (const seg of won.segments.slice(0, 10)) {
    const match = rowsMatching(
      valueRows,
      seg.conditions.map((c) => won.selected[c.attribute]!),
      seg,
    );
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

/** Value rows whose attributes fall in the segment's bins (the bins were cut on deal rows). */
function rowsMatching(
  rows: DiscoveryRows,
  attrs: readonly BinnedAttribute[],
  seg: Segment,
): number[] {
  const out: number[] = [];
  const binOf = attrs.map((a) => binReader(rows, a));
  for (let i = 0; i < rows.target.length; i++) {
    const inside = seg.conditions.every((c, k) => {
      const bin = (binOf[k] as (i: number) => number)(i);
      return bin >= c.from && bin <= c.to;
    });
    if (inside) out.push(i);
  }
  return out;
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
