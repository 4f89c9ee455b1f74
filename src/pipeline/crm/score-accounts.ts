import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import { compileScoreSql } from '../../core/icp/compile-sql.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { loadConfig } from '../../data/config/load-config.js';
import { num } from '../../data/db/database.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { prepareAttributes } from '../analysis/prepare-attributes.js';

export interface ScoredAccounts {
  readonly out: string;
  readonly rows: number;
  readonly tiers: Readonly<Record<string, number>>;
}

/**
 * Scores every account of a config's data with the attributes discovery sees (the accounts'
 * columns and the buying-committee features derived from contacts), into a Parquet file of
 * `account_id` and the icp_* columns: what `icp push` writes back.
 */
export async function scoreAccounts(
  configPath: string,
  icp: IcpDefinition,
  out: string,
  options: { readonly today?: string } = {},
): Promise<ScoredAccounts> {
  if (!icp.scorecard)
    throw new IcpError(
      'DATA',
      `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason}); there is nothing to write to the CRM. Look at the data with "icp check", or pass --icp with an ICP that has one.`,
    );
  const loaded = await loadConfig(configPath);
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  const target = resolve(out);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    const { table } = await prepareAttributes(dataset);
    const columns = await dataset.db.columns(table);
    const sql = compileScoreSql(icp, { dialect: 'duckdb', from: table, columns });
    await dataset.db.run(
      `COPY (SELECT account_id, COLUMNS('^icp_') FROM (${sql}) ORDER BY account_id) TO ${quoteLiteral(temp)} (FORMAT parquet)`,
    );
    const rows = await dataset.db.all(
      `SELECT icp_tier AS tier, count(*) AS n FROM read_parquet(${quoteLiteral(temp)}) GROUP BY 1 ORDER BY 1`,
    );
    await rename(temp, target);
    return {
      out: target,
      rows: rows.reduce((s, r) => s + num(r.n), 0),
      tiers: Object.fromEntries(rows.map((r) => [String(r.tier), num(r.n)])),
    };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    dataset.close();
  }
}
