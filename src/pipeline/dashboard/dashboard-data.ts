import type { IcpConfig } from '../../core/config/schema.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { describeCondition } from '../../core/icp/score-record.js';
import { csvSelectList } from '../../core/sql/csv-formula.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { loadConfig } from '../../data/config/load-config.js';
import { columnTypes } from '../../data/db/column-types.js';
import { type JsonValue, num } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { renderReport } from '../../report/render-report.js';
import { themeMembership } from '../voc/theme-membership.js';
import { reportOfDataset } from '../report/build-report.js';
import {
  type AccountQuery,
  accountQuerySql,
  MAX_PAGE,
  parseAccountQuery,
} from './account-query.js';
import { planAccountColumns } from './account-columns.js';
import { segmentMembership } from './segment-membership.js';
import type {
  AccountColumn,
  AccountPage as DashboardPage,
  DashboardSegment,
  DashboardSummary,
} from '../../core/dashboard/dashboard-summary.js';

export type { AccountColumn, DashboardSegment, DashboardSummary };

/** A page of accounts as DuckDB reads it. */
export type AccountPage = DashboardPage<JsonValue>;

/**
 * The data behind `icp serve --config`: the report, a summary, and the accounts, which stay in
 * DuckDB (`_dashboard_accounts`) and are read a page at a time. Queries run one after another
 * on the dataset's single connection. Call `close()` when the server stops.
 */
export interface DashboardData {
  readonly summary: DashboardSummary;
  /** The rendered report (`icp report`), one self-contained HTML document. */
  readonly reportHtml: string;
  /** Checks query-string parameters against the tiers, segments and columns that exist. */
  parseQuery(params: Readonly<Record<string, string | undefined>>): AccountQuery;
  accounts(query: AccountQuery): Promise<AccountPage>;
  /**
   * Writes every account the query selects (ignoring limit and offset) as CSV; returns the
   * count. Text cells starting like a spreadsheet formula get a `'` before them unless `raw`.
   */
  exportCsv(
    query: AccountQuery,
    out: string,
    options?: { readonly raw?: boolean },
  ): Promise<number>;
  close(): void;
}

/** Loads the data a config names and prepares the dashboard of an ICP over them. */
export async function loadDashboardData(
  configPath: string,
  icp: IcpDefinition,
  options: { today?: string } = {},
): Promise<DashboardData> {
  const loaded = await loadConfig(configPath);
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  try {
    return await openDashboardData(dataset, loaded.config, icp);
  } catch (error) {
    dataset.close();
    throw error;
  }
}

/**
 * Prepares the dashboard on a loaded dataset, which it takes over (its `close()` closes the
 * dataset). Runs the audit once (as the report does: cross-fitted tiers, customer value with
 * the config's settings), renders the report, then keeps per account its id, name, tier,
 * score, reasons, revenue, cost to serve, net value, churned and scorecard attributes in
 * `_dashboard_accounts`, and segment membership in `_dashboard_segments`.
 */
export async function openDashboardData(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
): Promise<DashboardData> {
  const { db } = dataset;
  const { model, audit } = await reportOfDataset(dataset, config, icp);
  const reportHtml = await renderReport(model);

  // The audit's accounts (tier and customer value) and the attributes it tiered them on.
  const attributeColumns = await db.columns(audit.attributes);
  const hasName = Boolean(dataset.tables.get('accounts')?.columns.name);
  const { fixed, attributes, select, searched } = planAccountColumns(
    attributeColumns,
    icp,
    hasName,
  );
  await db.run(`CREATE OR REPLACE TEMP TABLE _dashboard_accounts AS
    SELECT ${select.join(', ')},
      lower(concat_ws(' ', ${searched.map((s) => `${s}::VARCHAR`).join(', ')})) AS _search
    FROM ${audit.accounts} a JOIN ${audit.attributes} t USING (account_id)
    ${hasName ? 'LEFT JOIN accounts n USING (account_id)' : ''}`);
  const types = new Map(
    (await db.all('DESCRIBE _dashboard_accounts')).map((r) => [
      String(r.column_name),
      String(r.column_type),
    ]),
  );
  const kindOf = (key: string): AccountColumn['kind'] => {
    const t = types.get(key) ?? '';
    if (t === 'BOOLEAN') return 'boolean';
    return /INT|DOUBLE|DECIMAL|FLOAT|REAL|NUMERIC/.test(t) ? 'number' : 'text';
  };
  const columns: AccountColumn[] = [
    ...fixed,
    ...attributes.map((x) => ({ ...x.column, kind: kindOf(x.column.key) })),
    { key: 'reasons', label: 'Reasons', kind: 'text' },
  ];

  const segmentDefs = [
    ...icp.segments.map((s, i) => ({ id: `s${i}`, kind: 'segment' as const, s })),
    ...icp.anti_segments.map((s, i) => ({ id: `a${i}`, kind: 'anti-segment' as const, s })),
  ];
  await segmentMembership(
    db,
    audit.attributes,
    segmentDefs.map((d) => ({ id: d.id, conditions: d.s.conditions })),
  );
  const themeIds = await themeMembership(db, '_dashboard_segments');
  const counts = new Map(
    (await db.all('SELECT segment, count(*) AS n FROM _dashboard_segments GROUP BY 1')).map((r) => [
      String(r.segment),
      num(r.n),
    ]),
  );
  const total = num((await db.one('SELECT count(*) AS n FROM _dashboard_accounts'))?.n);
  const summary: DashboardSummary = {
    name: config.name ?? null,
    currency: config.currency,
    // The dashboard shows a date; data without any dated record say so in its place.
    asOf: model.audit.asOf ?? 'n/a (no dated record)',
    accounts: total,
    tierSource: { method: model.audit.tierSource.method, note: model.audit.tierSource.note },
    tiers: model.audit.tiers,
    segments: segmentDefs.map((d) => ({
      id: d.id,
      kind: d.kind,
      label: d.s.label || d.s.conditions.map(describeCondition).join(' and '),
      rate: d.s.rate,
      lift: d.s.lift,
      accounts: counts.get(d.id) ?? 0,
    })),
    columns,
    voc: model.audit.voc ?? null,
  };

  const segmentIds = [...summary.segments.map((s) => s.id), ...themeIds];
  return { summary, reportHtml, ...accountStore(dataset, columns, segmentIds) };
}

/**
 * Reads of the accounts kept in `_dashboard_accounts`, one query at a time on the dataset's
 * connection; `close()` closes the dataset.
 */
function accountStore(
  dataset: Dataset,
  columns: readonly AccountColumn[],
  segmentIds: readonly string[],
): Omit<DashboardData, 'summary' | 'reportHtml'> {
  const { db } = dataset;
  // One connection: DuckDB queries run one at a time, in the order they were asked.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task);
    queue = next.catch(() => undefined);
    return next;
  };
  const list = columns.map((c) => quoteIdent(c.key)).join(', ');
  const columnKeys = columns.map((c) => c.key);
  let closed = false;

  return {
    parseQuery: (params) => parseAccountQuery(params, segmentIds, columnKeys),
    accounts: (query) =>
      serial(async () => {
        const { where, orderBy } = accountQuerySql(query);
        const limit = Math.min(query.limit ?? 50, MAX_PAGE);
        const offset = query.offset ?? 0;
        const n = await db.one(`SELECT count(*) AS n FROM _dashboard_accounts WHERE ${where}`);
        const rows = await db.all(
          `SELECT ${list} FROM _dashboard_accounts WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
        );
        return { total: num(n?.n), offset, limit, rows };
      }),
    exportCsv: (query, out, options = {}) =>
      serial(async () => {
        const { where, orderBy } = accountQuerySql(query);
        const types = new Map(
          (await columnTypes(db, '_dashboard_accounts')).map((c) => [c.name, c.type]),
        );
        const labelled = csvSelectList(
          columns.map((c) => ({
            name: c.key,
            type: types.get(c.key) ?? 'VARCHAR',
            label: c.attribute ? c.label : c.key,
          })),
          { raw: options.raw === true },
        );
        const copied = await db.one(
          `COPY (SELECT ${labelled} FROM _dashboard_accounts WHERE ${where} ORDER BY ${orderBy})
           TO ${quoteLiteral(out)} (FORMAT csv, HEADER true)`,
        );
        return num(copied?.Count ?? copied?.count);
      }),
    close: () => {
      if (closed) return;
      closed = true;
      dataset.close();
    },
  };
}
