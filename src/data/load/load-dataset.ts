import { resolve } from 'node:path';
import type { SourceConfig } from '../../core/config/schema.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { DataValidationError } from '../../core/errors/data-validation-error.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { isTableName, TABLE_NAMES, type TableName, tableSpec } from '../../core/model/canonical.js';
import type { LoadedConfig } from '../config/load-config.js';
import { Database } from '../db/database.js';
import type { DatabaseOptions } from '../db/database-options.js';
import { readRaw } from '../source/read-raw.js';
import { resolveColumns } from '../source/resolve-columns.js';
import { withShapeColumns } from './apply-shape.js';
import { crossChecks } from './cross-checks.js';
import { linkAccounts } from './link-accounts.js';
import type { LinkReport } from './link-report.js';
import { type LoadedTable, loadTable } from './load-table.js';

/** Customer data loaded into DuckDB as canonical tables, with the warnings found on the way. */
export interface Dataset {
  readonly db: Database;
  readonly config: LoadedConfig;
  readonly tables: ReadonlyMap<TableName, LoadedTable>;
  readonly warnings: readonly DataIssue[];
  /** How each table that points at accounts linked to them. */
  readonly links: readonly LinkReport[];
  /** The export each file was recognised as, e.g. "HubSpot deals", where one was. */
  readonly shapes: ReadonlyMap<TableName, string>;
  close(): void;
}

export interface LoadOptions {
  /** "Today" for the far-future date check, YYYY-MM-DD; by default the real date. */
  readonly today?: string;
  /** Called as each table starts loading. */
  readonly onTable?: (table: TableName, file: string) => void;
  /** Called as the checks across tables start (for timing); never changes the result. */
  readonly onStage?: (stage: string) => void;
  /** How the database opens (memory limit, spill folder); default `databaseDefaults()`. */
  readonly database?: DatabaseOptions;
}

/**
 * Loads every source of a config into one DuckDB database and validates it. Any error stops
 * the load: a DataValidationError lists every problem found (in all tables), nothing is kept.
 *
 * @example
 * const dataset = await loadDataset(await loadConfig('icp.config.yaml'));
 * try { ... dataset.db.all('SELECT count(*) FROM deals') ... } finally { dataset.close(); }
 */
export async function loadDataset(
  config: LoadedConfig,
  options: LoadOptions = {},
): Promise<Dataset> {
  const { today = new Date().toISOString().slice(0, 10), onTable, onStage } = options;
  const db = await Database.open(options.database);
  try {
    const tables = new Map<TableName, LoadedTable>();
    const shapes = new Map<TableName, string>();
    const issues: DataIssue[] = [];
    for (const name of loadOrder(config)) {
      const configured = config.config.sources[name] as SourceConfig;
      onTable?.(name, configured.path);
      const raw = await readRaw(db, name, configured, resolve(config.baseDir, configured.path));
      issues.push(...raw.warnings);
      // A recognised export (HubSpot deals, Stripe invoices) needs no mapping by hand.
      const { source, shape } = withShapeColumns(name, raw.headers, configured);
      if (shape && !shape.generic) shapes.set(name, `${shape.shape.vendor} ${shape.shape.object}`);
      const accountFrom = source.account_from ? viaTable(name, source, tables) : undefined;
      if (accountFrom && !raw.headers.includes(accountFrom.column)) {
        throw new IcpError(
          'DATA',
          `${source.path}: sources.${name}.account_from.column names "${accountFrom.column}", which the file does not have. Headers: ${raw.headers.join(', ')}.`,
        );
      }
      const resolved = resolveColumns(name, raw.headers, source, {
        accountFromTable: accountFrom !== undefined,
      });
      const loaded = await loadTable({
        db,
        raw,
        source,
        resolved,
        today,
        ...(accountFrom ? { accountFrom } : {}),
      });
      issues.push(...loaded.issues);
      if (loaded.table) tables.set(name, loaded.table);
    }
    if (issues.some((i) => i.severity === 'error')) throw new DataValidationError(issues);
    onStage?.('link accounts');
    const links = await linkAccounts(db, tables, config.config);
    onStage?.('cross checks');
    issues.push(...(await crossChecks(db, tables, links.reports, links.unlinked)), ...links.issues);
    return {
      db,
      config,
      tables,
      warnings: issues,
      links: links.reports,
      shapes,
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Accounts first; a table another one takes its account from comes before it. */
function loadOrder(config: LoadedConfig): TableName[] {
  const present = TABLE_NAMES.filter((t) => config.config.sources[t] !== undefined);
  const order: TableName[] = [];
  const visit = (t: TableName, path: TableName[]) => {
    if (order.includes(t)) return;
    if (path.includes(t)) {
      throw new IcpError(
        'CONFIG',
        `sources.${t}.account_from: the tables ${[...path, t].join(' -> ')} take their accounts from each other in a circle. Point one of them at accounts.`,
      );
    }
    const via = config.config.sources[t]?.account_from?.table;
    if (via !== undefined && isTableName(via) && present.includes(via)) visit(via, [...path, t]);
    order.push(t);
  };
  visit('accounts', []);
  for (const t of present) visit(t, []);
  return order;
}

function viaTable(
  name: TableName,
  source: SourceConfig,
  tables: ReadonlyMap<TableName, LoadedTable>,
): { column: string; table: string; key: string } {
  const via = source.account_from!;
  const target = isTableName(via.table) ? tables.get(via.table) : undefined;
  const key = isTableName(via.table) ? tableSpec(via.table).key : undefined;
  if (!target || key === undefined || !target.columns[key]) {
    const usable = [...tables.values()]
      .filter((t) => tableSpec(t.name).key && t.columns.account_id)
      .map((t) => t.name);
    throw new IcpError(
      'CONFIG',
      `sources.${name}.account_from.table: "${via.table}" is not a loaded table with an id and an account. Use one of: ${usable.join(', ') || '(none loaded)'}.`,
    );
  }
  return { column: via.column, table: via.table, key };
}
