/**
 * ICP Engine's library entry. Everything exported here is public API; anything else is not.
 * One group per verb of the command line, each with its options and result types; docs/api.md
 * has a runnable example of each. The pure part (no I/O, runs in a browser) is also published
 * alone as `icp-engine/core`.
 */
import type { audit } from './pipeline/audit/audit-config.js';
import type { loadDashboardData } from './pipeline/dashboard/dashboard-data.js';
import type { diffIcpFiles } from './pipeline/diff/diff-icp-files.js';
import type { buildReport } from './pipeline/report/build-report.js';
import type { verify } from './pipeline/verify/verify.js';

export type { CompileOptions } from './core/icp/compile-sql.js';
export { type HandIcp, handIcpSchema, parseCriterion } from './core/icp/criteria.js';
export {
  type AttributeChange,
  diffIcp,
  type IcpDiff,
  type TierState,
  type TierTransitions,
} from './core/icp/diff-icp.js';
// The pure core: config schema, canonical model, errors, ICP definition, scoreRecord, compileScoreSql.
export * from './core/index.js';

// Data: config, loading, profile, ICP files.
export { type LoadedConfig, loadConfig, parseConfig } from './data/config/load-config.js';
export { Database } from './data/db/database.js';
export { readIcp, writeIcp } from './data/icp/icp-file.js';
export {
  listVersions,
  REGISTRY_FOLDER,
  registryDir,
  resolveIcp,
  saveVersion,
  type VersionEntry,
} from './data/icp/registry.js';
export { type Dataset, type LoadOptions, loadDataset } from './data/load/load-dataset.js';
export type { ExtraColumn, LoadedTable } from './data/load/load-table.js';
export {
  type ColumnProfile,
  type DataProfile,
  profileDataset,
  type TableProfile,
} from './data/profile/profile-dataset.js';
export type { AuditResult, BadFitCustomer, Rate, TierRow } from './pipeline/audit/audit.js';
// audit, verify, backtest, drift, diff, report
export { audit } from './pipeline/audit/audit-config.js';
export type { MarketFit } from './pipeline/audit/market.js';
export type { Signal } from './pipeline/audit/signals.js';
export {
  type BacktestOptions,
  type BacktestResult,
  type BacktestWindow,
  backtest,
  type Every,
} from './pipeline/backtest/backtest.js';
export { type CheckOptions, check } from './pipeline/check.js';
// serve: the scoring API and the dashboard's data
export { type DashboardData, loadDashboardData } from './pipeline/dashboard/dashboard-data.js';
export { type DemoOptions, type DemoResult, demo } from './pipeline/demo.js';
export { type DiffFilesResult, diffIcpFiles } from './pipeline/diff/diff-icp-files.js';
// discover, and the versions registry (lineage)
export { type DiscoverConfigOptions, discover } from './pipeline/discover/discover-config.js';
export { discoverGeneric, type GenericOptions } from './pipeline/discover/discover-generic.js';
export { type LineageOptions, type Versioned, withLineage } from './pipeline/discover/lineage.js';
export {
  type DriftOptions,
  type DriftResult,
  type DriftVerdict,
  type DriftWindow,
  drift,
} from './pipeline/drift/drift.js';
export { type InitResult, initConfig } from './pipeline/init.js';
export { buildReport, writeReport } from './pipeline/report/build-report.js';
// score (a file; a record and SQL are in core)
export {
  type ScoreFileOptions,
  type ScoreFileResult,
  type ScoreStage,
  scoreFile,
} from './pipeline/score/score-file.js';
export { type VerifyResult, verify } from './pipeline/verify/verify.js';
// generate, init, check, demo
export {
  type GenerateOptions,
  type GenerateSummary,
  generateWorld,
} from './sample/generate-world.js';
export { type AppOptions, createApp } from './server/create-app.js';
export { startServer } from './server/start-server.js';

// Option types the verbs declare inline, named here so a caller can write them down.
export type AuditOptions = NonNullable<Parameters<typeof audit>[2]>;
export type VerifyOptions = NonNullable<Parameters<typeof verify>[2]>;
export type ReportOptions = NonNullable<Parameters<typeof buildReport>[2]>;
export type DiffOptions = NonNullable<Parameters<typeof diffIcpFiles>[2]>;
export type DashboardOptions = NonNullable<Parameters<typeof loadDashboardData>[2]>;
