/** The pure core: no I/O, no native modules, no DOM. Safe to bundle for a browser. */
export {
  configSchema,
  type IcpConfig,
  type IcpConfigInput,
  SOURCE_FORMATS,
  type SourceConfig,
  type SourceFormat,
} from './config/schema.js';
export type { DataIssue, DataIssueCode } from './issues/data-issue.js';
export { DataValidationError } from './errors/data-validation-error.js';
export { ErrorCode, exitStatus, IcpError } from './errors/icp-error.js';
export { type Capability, capabilities } from './model/capabilities.js';
export {
  CANONICAL,
  type CanonicalColumn,
  type CanonicalTable,
  type ColumnType,
  TABLE_NAMES,
  type TableName,
} from './model/canonical.js';
export { createRandom, deriveSeed, type Random } from './random/prng.js';
export { quoteIdent, quoteLiteral } from './sql/quote.js';
export { runDiscovery } from './discovery/run-discovery.js';
export {
  type AttributeMap,
  type AttributeSource,
  parseAttributeMap,
} from './icp/attribute-map.js';
export {
  compileScoreSql,
  type Dialect,
  ICP_COLUMNS,
  isIcpColumn,
  REASONS,
  type Reasons,
} from './icp/compile-sql.js';
export { type MarketSize, type MarketTier, sizeMarket } from './icp/market-size.js';
export {
  type Condition,
  type HardRule,
  type IcpDefinition,
  icpDefinitionSchema,
} from './icp/definition.js';
export { DEFAULT_MIN_COVERAGE, NEAR_MISS_POINTS } from './icp/score-plan.js';
export {
  type Reason,
  type RecordScore,
  type ScoreRecordOptions,
  scoreRecord,
  type Tier,
  TIERS,
  type ValueWarning,
} from './icp/score-record.js';
