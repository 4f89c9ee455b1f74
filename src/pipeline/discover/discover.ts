import type { IcpConfig } from '../../core/config/schema.js';
import { type StageHook, stageMarker } from '../../core/discovery/run-discovery.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { overdispersion } from '../../core/stats/multiple-testing.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { dataFingerprint, readDiscoveryRows, targetUnits } from '../analysis/discovery-rows.js';
import { type PreparedAnalysis, prepareAnalysis } from '../analysis/prepare-analysis.js';
import { uniqueTable } from '../analysis/table-ref.js';
import { textEnums } from '../analysis/text-enums.js';
import { computePersonas, type PersonasResult } from '../personas/personas.js';
import { assembleIcp } from './assemble-icp.js';
import { contrastFindings, wonSegments } from './contrast-with-won.js';
import { discoverRows } from './discover-rows.js';
import { withTierEconomics } from './tier-economics.js';

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
  // Personas and the fingerprint read only the dataset's tables: computed before any rows come
  // into JavaScript, their SQL never runs beside the rows' typed arrays (at ten million accounts
  // it did, past the budget), with DuckDB's share of the budget still the loading one.
  mark('personas');
  const personas = dataset.tables.has('deal_contacts') ? await computePersonas(dataset) : undefined;
  mark('fingerprint');
  const fingerprint = await dataFingerprint(dataset);
  if (options.rowsMemory !== undefined) await dataset.db.setMemoryLimit(options.rowsMemory);
  const icp = await icpOfRows(dataset, config, analysis, { personas, fingerprint }, options);
  if (options.economics === false) return icp;
  // The rows are out of reach from here: tier economics' SQL runs beside no live typed array.
  mark('tier economics');
  return withTierEconomics(dataset, icp, analysis, config.currency);
}

/**
 * The part of discovery that holds rows in JavaScript: the contrast's deal rows first, let go
 * (its segments kept) before the value rows are read, so the two are never held at once; then
 * the value rows, their discovery and the ICP assembled from it.
 */
async function icpOfRows(
  dataset: Dataset,
  config: IcpConfig,
  analysis: PreparedAnalysis,
  found: {
    personas: PersonasResult | undefined;
    fingerprint: Awaited<ReturnType<typeof dataFingerprint>>;
  },
  options: DiscoverOptions,
): Promise<IcpDefinition> {
  const { onStage } = options;
  const mark = stageMarker(options);
  const { value, target, attributes: prepared, tables } = analysis;
  const exclude = new Set(config.discover.exclude);
  const candidates = prepared.candidates.filter((c) => !exclude.has(c.name));
  const excluded = [
    ...prepared.excluded,
    ...config.discover.exclude.map((a) => ({ attribute: a, reason: 'excluded in the config' })),
  ];
  const contrast = target.kind !== 'won' && dataset.tables.has('deals');
  if (contrast) mark('contrast with deals won', 'contrasting with deals won');
  // Both reads cast the text attributes to ENUM types made once (timed with the first read).
  const enums = await textEnums(dataset.db, tables.attributes, candidates);
  const won = contrast
    ? await wonSegments(dataset, tables, config, {
        candidates,
        excluded,
        onStage,
        enums: enums.types,
      })
    : undefined;
  mark('rows into JavaScript', 'reading attributes');
  // An ideal or retained customer's unit is its account: its rows need no account numbers.
  const rows = await readDiscoveryRows(
    dataset.db,
    targetUnits(target.kind, tables),
    { table: tables.attributes, candidates, excluded },
    { coded: true, enums: enums.types, accounts: target.kind === 'won' },
  );
  await enums.drop();
  const dispersion = target.kind === 'won' ? overdispersion(rows.cluster, rows.target) : 1;
  mark('discovery', 'discovering');
  const result = discoverRows(rows, config, dispersion, { model: true, anti: true, onStage });
  const findings: string[] = [...prepared.notes];
  if (dispersion > 1.05) {
    findings.push(
      `Deals of one account are alike (overdispersion ${dispersion.toFixed(2)}): tests count ${(rows.target.length / dispersion).toFixed(0)} effective deals rather than ${rows.target.length}.`,
    );
  }
  if (contrast) {
    mark('contrast: the value rows in its segments');
    findings.push(...contrastFindings(won, rows, result));
  }
  return assembleIcp({
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
    personas: found.personas,
    findings,
    provenance: {
      as_of: value.asOf,
      rows: found.fingerprint.rows,
      seed: config.discover.seed,
      settings: {
        value: value.settings,
        target: config.target,
        discover: config.discover,
        ...(options.since ? { since: options.since } : {}),
      },
      fingerprint: found.fingerprint.fingerprint,
    },
  });
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
