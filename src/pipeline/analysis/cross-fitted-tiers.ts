import { discoverSchema, targetSchema, valueSchema } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { compileScoreSql } from '../../core/icp/compile-sql.js';
import { foldSelection } from '../../core/discovery/attribute-selection.js';
import { crossFit, fineAttribute } from '../../core/discovery/cross-fit.js';
import { overdispersion } from '../../core/stats/multiple-testing.js';
import { foldTiers } from '../../core/audit/fold-tiers.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { hashFingerprint, icpId } from './icp-id.js';
import { dataFingerprint, readDiscoveryRows, targetUnits } from './discovery-rows.js';
import { prepareAttributes } from './prepare-attributes.js';
import { prepareAnalysis } from './prepare-analysis.js';
import { type TableRef, uniqueTable } from './table-ref.js';

/** Where the audit's tiers come from, stated in every audit. */
export interface TierSource {
  /**
   * cross-fitted: accounts the ICP learned from are tiered by a scorecard that never saw them;
   * as-is: every account is tiered by the ICP's own scorecard;
   * exploratory: the ICP has no scorecard, so one was forced over all its attributes and
   * cross-fitted, to show what tiers would look like.
   */
  readonly method: 'cross-fitted' | 'as-is' | 'exploratory';
  /** Accounts whose tier comes from cross-fitting. */
  readonly crossFitted: number;
  readonly note: string;
}

/** The tiers cross-fitting gave, in tables of one call's own. */
export interface CrossFit {
  /** account_id, tier: the cross-fitted tiers; null when every account keeps the ICP's tier. */
  readonly tiers: TableRef | null;
  /**
   * The out-of-fold scores (y, score, logit, account_id: the deal's account over deals, else
   * NULL) of the units the ICP learned from; null with `tiers`.
   */
  readonly oof: TableRef | null;
  readonly source: TierSource;
}

/**
 * Tiers for the audit that do not flatter the ICP. An ICP scores the accounts it was learned
 * from too well (in-sample), which would invent a gap between tiers where there is none. When
 * the data are the ICP's own training data, each of those accounts is tiered by a scorecard
 * fitted without it (same attributes, folds and seed as discovery), and the table `tiers`
 * (account_id, tier) holds the result. Accounts the ICP did not learn from keep the ICP's tier,
 * except for an ICP without a scorecard, where the forced scorecard fitted on all rows tiers them.
 * Value and target are computed with the ICP's own settings, in tables of this call's own.
 */
export async function crossFittedTiers(
  dataset: Dataset,
  icp: IcpDefinition,
  options: { onProgress?: (stage: string) => void } = {},
): Promise<CrossFit> {
  const asIs = (note: string): CrossFit => ({
    tiers: null,
    oof: null,
    source: { method: 'as-is', crossFitted: 0, note },
  });
  const settings = icp.provenance.settings;
  const value = valueSchema.safeParse(settings.value);
  const target = targetSchema.safeParse(settings.target);
  const discover = discoverSchema.safeParse(settings.discover);
  const noScorecard = !icp.scorecard;
  if (icp.target.kind === 'column') {
    if (noScorecard) return missingScorecard(icp, 'it was discovered from a single file (--data)');
    return asIs(
      'the ICP was discovered from a single file (--data), not from these tables, so every account is tiered by the ICP as is',
    );
  }
  if (!value.success || !target.success || !discover.success) {
    if (noScorecard) return missingScorecard(icp, 'the ICP file does not say how it was learned');
    return asIs('the ICP file does not say how it was learned, so every account keeps its tier');
  }
  const { id, ...content } = icp;
  if (icpId(content) !== id) {
    if (noScorecard) return missingScorecard(icp, 'it was edited after discovery');
    return asIs(
      'the ICP was edited after discovery (its content no longer matches its id), so every account is tiered by the edited ICP as is',
    );
  }
  options.onProgress?.('checking whether these are the data the ICP was learned from');
  const { fingerprint } = await dataFingerprint(dataset);
  if (hashFingerprint(fingerprint) !== icp.provenance.data_fingerprint) {
    if (noScorecard) return missingScorecard(icp, 'these are not the data it was learned from');
    return asIs(
      'these are not the data the ICP was learned from, so every account is tiered by the ICP as is',
    );
  }
  // Every usable attribute discovery weighed (with a scorecard, each fold chooses among them on
  // its training rows, as discovery's folds did), never the scorecard's own choice on all rows.
  const attributes = icp.evidence.map((e) => ({ name: e.attribute, kind: e.kind }));
  if (attributes.length === 0) return missingScorecard(icp, 'it has no usable attribute');

  options.onProgress?.('cross-fitting tiers');
  const analysis = await prepareAnalysis(dataset, { value: value.data, target: target.data });
  const { target: t, attributes: prepared, tables } = analysis;
  const candidates = prepared.candidates.filter((c) => attributes.some((a) => a.name === c.name));
  const learned = targetUnits(t.kind, tables);
  const units = `SELECT u.*, 1 AS _include FROM (${learned}) u
    UNION ALL SELECT account_id, '~' || account_id, 0, NULL, 0 FROM accounts
    WHERE account_id NOT IN (SELECT account_id FROM (${learned}))`;
  const rows = await readDiscoveryRows(
    dataset.db,
    units,
    { table: tables.attributes, candidates, excluded: [] },
    { include: true, accountIds: true },
  );
  await analysis.drop();
  const include = rows.include as Uint8Array;
  const used = attributes.filter((a) => candidates.some((c) => c.name === a.name));
  const fit = foldFit(rows, used, discover.data, { won: t.kind === 'won', select: !noScorecard });
  const { seed, folds: k } = discover.data;
  const accounts = rows.texts._cluster ?? [];
  const { tiers, crossFitted } = foldTiers(accounts, include, fit.score, noScorecard);
  const written = await writeFit(dataset, tiers, { ...rows, accounts, include }, fit);
  const folds = `${k} folds, seed ${seed}${rows.clustered ? ', the deals of one account in one fold' : ''}`;
  return { ...written, source: fitSource(icp, attributes.length, crossFitted, folds) };
}

/**
 * The cross-fit itself: with `select`, each fold chooses its attributes among `used` on its own
 * training rows (tests, false discovery rate, leakage unless kept, `max_attributes`), as
 * discovery's folds did; without, every fold fits every attribute (the exploratory scorecard).
 */
function foldFit(
  rows: Awaited<ReturnType<typeof readDiscoveryRows>>,
  used: readonly { readonly name: string; readonly kind: 'numeric' | 'categorical' }[],
  settings: { seed: number; folds: number; keep: string[]; max_attributes: number },
  options: { won: boolean; select: boolean },
) {
  const include = rows.include as Uint8Array;
  const fine = used.map((a) => fineAttribute(rows, a));
  const { seed, keep, max_attributes: maxAttributes } = settings;
  const dispersion = options.won
    ? overdispersion(...includedOnly(rows.cluster, rows.target, include))
    : 1;
  const select = foldSelection(fine, rows.target, { dispersion, seed, maxAttributes }, keep);
  return crossFit({
    numbers: rows.numbers,
    texts: rows.texts,
    attributes: used,
    fine,
    ...(options.select ? { select } : {}),
    target: rows.target,
    include,
    ...(rows.clustered ? { groups: rows.cluster } : {}),
    folds: settings.folds,
    seed,
  });
}

/** The clusters and outcomes of the included rows (the units the ICP learned from). */
function includedOnly(
  cluster: Int32Array,
  target: Uint8Array,
  include: Uint8Array,
): [Int32Array, Uint8Array] {
  const rows: number[] = [];
  for (let i = 0; i < include.length; i++) if (include[i] === 1) rows.push(i);
  return [
    Int32Array.from(rows, (i) => cluster[i] as number),
    Uint8Array.from(rows, (i) => target[i] as number),
  ];
}

/**
 * Writes the cross-fitted tiers (account_id, tier) and the out-of-fold scores of the units the
 * ICP learned from, each into a table of its own.
 */
async function writeFit(
  dataset: Dataset,
  tiers: ReadonlyMap<string, string>,
  rows: {
    readonly accounts: readonly (string | null)[];
    readonly include: Uint8Array;
    readonly target: Uint8Array;
    readonly clustered: boolean;
  },
  fit: { readonly score: Float64Array; readonly logit: Float64Array },
): Promise<{ tiers: TableRef; oof: TableRef }> {
  const { accounts, include } = rows;
  const tierTable = uniqueTable('_tier_source');
  await dataset.db.run(`CREATE TEMP TABLE ${tierTable} (account_id VARCHAR, tier VARCHAR)`);
  const entries = [...tiers].map(([id, tier]) => `(${quoteLiteral(id)}, ${quoteLiteral(tier)})`);
  await insertValues(dataset, tierTable, entries, 2000);
  // The out-of-fold scores of the units the ICP learned from, for gains and calibration charts;
  // over deals, each deal's account, so calibration's intervals count accounts.
  const oofTable = uniqueTable('_oof_units');
  await dataset.db.run(
    `CREATE TEMP TABLE ${oofTable} (y INTEGER, score DOUBLE, logit DOUBLE, account_id VARCHAR)`,
  );
  const oof: string[] = [];
  for (let i = 0; i < include.length; i++) {
    if (include[i] !== 1) continue;
    const account = rows.clustered ? quoteLiteral(accounts[i] ?? '') : 'NULL';
    oof.push(`(${rows.target[i]}, ${fit.score[i]}, ${fit.logit[i]}, ${account})`);
  }
  await insertValues(dataset, oofTable, oof, 5000);
  return { tiers: tierTable, oof: oofTable };
}

/** How the tiers were cross-fitted, in words: forced over the attributes without a scorecard. */
function fitSource(
  icp: IcpDefinition,
  attributes: number,
  crossFitted: number,
  folds: string,
): TierSource {
  return !icp.scorecard
    ? {
        method: 'exploratory',
        crossFitted,
        note: `the ICP has no scorecard (${icp.verdict.kind}), so a scorecard was forced over all ${attributes} of its attributes and cross-fitted (${folds}) to show what tiers would look like; expect them to differ by no more than chance`,
      }
    : {
        method: 'cross-fitted',
        crossFitted,
        note: `${crossFitted.toLocaleString('en-US')} accounts the ICP learned from are tiered by a scorecard fitted without them (${folds}; each fold chose its attributes among the ICP's evidence on its own rows), so their tiers are not flattered; the other accounts keep the ICP's tier`,
      };
}

/** Inserts rows given as SQL tuples into `table`, `chunk` rows per statement. */
async function insertValues(
  dataset: Dataset,
  table: TableRef,
  rows: readonly string[],
  chunk: number,
): Promise<void> {
  for (let k = 0; k < rows.length; k += chunk)
    await dataset.db.run(`INSERT INTO ${table} VALUES ${rows.slice(k, k + chunk).join(', ')}`);
}

/** Every account's tier against an ICP, in tables of one call's own. */
export interface AccountTiers {
  /** account_id, tier, icp_reasons, icp_score, icp_near_miss: one row per account. */
  readonly tiers: TableRef;
  /** The attributes the tiers were scored on (`prepareAttributes`, the config's as-of date). */
  readonly attributes: TableRef;
  /** The out-of-fold scores cross-fitting left (see `CrossFit`); null when it did not run. */
  readonly oof: TableRef | null;
  readonly source: TierSource;
}

/**
 * Tiers every account against an ICP: cross-fitted where the ICP learned from the account (see
 * `crossFittedTiers`), the ICP's own tier elsewhere, 'unknown' where too little of the scorecard
 * is known (whatever the fit), and 'disqualified' where a hard rule says so. Every table it
 * makes is its own: the caller's value and target are left alone.
 */
export async function tierAccounts(dataset: Dataset, icp: IcpDefinition): Promise<AccountTiers> {
  const { tiers: fitted, oof, source } = await crossFittedTiers(dataset, icp);
  const { table: attributes } = await prepareAttributes(dataset);
  const columns = await dataset.db.columns(attributes);
  const scored = icp.scorecard
    ? compileScoreSql(icp, { dialect: 'duckdb', from: attributes, columns })
    : `SELECT account_id, NULL::VARCHAR AS icp_tier, false AS icp_disqualified, '' AS icp_reasons, NULL::DOUBLE AS icp_score, false AS icp_near_miss FROM ${attributes}`;
  const tiers = uniqueTable('_icp_tiers');
  await dataset.db.run(`CREATE TEMP TABLE ${tiers} AS
    SELECT s.account_id, CASE WHEN s.icp_disqualified THEN 'disqualified' WHEN s.icp_tier = 'unknown' THEN 'unknown' ELSE ${fitted ? 'coalesce(o.tier, s.icp_tier)' : 's.icp_tier'} END AS tier, s.icp_reasons, s.icp_score, s.icp_near_miss
    FROM (${scored}) s${fitted ? ` LEFT JOIN ${fitted} o USING (account_id)` : ''}`);
  return { tiers, attributes, oof, source };
}

function missingScorecard(icp: IcpDefinition, why: string): never {
  throw new IcpError(
    'USAGE',
    `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason}), and ${why}; an audit by tier needs one of the two. Audit with the data it was discovered from, or with an ICP that has a scorecard.`,
  );
}
