/**
 * ICP Engine's library entry. Everything exported here is public API; anything else is not.
 * The pure part (no I/O, runs in a browser) is also published alone as `icp-engine/core`.
 */
export * from './core/index.js';
export { type LoadedConfig, loadConfig, parseConfig } from './data/config/load-config.js';
export { Database } from './data/db/database.js';
export { type Dataset, type LoadOptions, loadDataset } from './data/load/load-dataset.js';
export type { ExtraColumn, LoadedTable } from './data/load/load-table.js';
export {
  type ColumnProfile,
  type DataProfile,
  profileDataset,
  type TableProfile,
} from './data/profile/profile-dataset.js';
export { type CheckOptions, check } from './pipeline/check.js';
export { type DemoOptions, type DemoResult, demo } from './pipeline/demo.js';
export { type InitResult, initConfig } from './pipeline/init.js';
export {
  type GenerateOptions,
  type GenerateSummary,
  generateWorld,
} from './sample/generate-world.js';
export { readIcp, writeIcp } from './data/icp/icp-file.js';
export { discover } from './pipeline/discover/discover-config.js';
export { discoverGeneric, type GenericOptions } from './pipeline/discover/discover-generic.js';
export { type ScoreFileResult, scoreFile } from './pipeline/score/score-file.js';
export { createApp, type AppOptions } from './server/create-app.js';
export { startServer } from './server/start-server.js';
