import { randomBytes } from 'node:crypto';
import { IcpError } from '../../core/errors/icp-error.js';
import {
  type AttributeMap,
  type AttributeSource,
  attributeSources,
  checkAttributeMap,
  tooLittleKnown,
} from '../../core/icp/attribute-map.js';
import {
  checkReasons,
  compileScoreSql,
  isIcpColumn,
  type Reasons,
} from '../../core/icp/compile-sql.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { dialectSql } from '../../core/icp/dialect-sql.js';
import { TIERS, type Tier } from '../../core/icp/record-score.js';
import { scorePlan } from '../../core/icp/score-plan.js';
import { tableNameParts } from '../../core/sql/table-name.js';
import type { RemoteDatabase } from '../../data/remote/remote-database.js';

export interface ScoreIntoOptions {
  /** Scorecard attribute -> the table's column holding it (`--map`). */
  readonly map?: AttributeMap;
  /** Overrides the ICP's `tiers.min_coverage`. */
  readonly minCoverage?: number;
  /** Score even when no row can reach the minimum coverage (every row then tier unknown). */
  readonly allowPartial?: boolean;
  /** 'none': every column but icp_reasons (see `ScoreFileOptions.reasons`); by default 'text'. */
  readonly reasons?: Reasons;
}

export interface ScoreIntoResult {
  /** The table written, as SQL (quoted). */
  readonly into: string;
  readonly rows: number;
  readonly tiers: Record<Tier, number>;
  readonly minCoverage: number;
  readonly attributes: readonly AttributeSource[];
  /** The table's own icp_* columns, left out of the scores table. */
  readonly replacedColumns: readonly string[];
}

/**
 * Scores every row of `table` inside the database and writes them, every column kept plus the
 * icp_* columns, to a new table `into`: the rows never leave the database, only the columns'
 * names and the count per tier come back. The scores table appears whole or not at all (it is
 * built under a temporary name and renamed), an existing table is never replaced, and `into`
 * may not name the table being scored.
 *
 * @example await scoreInto(icp, db, 'crm.leads', 'crm.leads_scored')
 */
export async function scoreInto(
  icp: IcpDefinition,
  db: RemoteDatabase,
  table: string,
  into: string,
  options: ScoreIntoOptions = {},
): Promise<ScoreIntoResult> {
  if (!icp.scorecard)
    throw new IcpError(
      'USAGE',
      `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason}); nothing to score with.`,
    );
  const reasons = checkReasons(options.reasons ?? 'text');
  const source = tableNameParts('--table', table);
  const target = tableNameParts('--into', into);
  if (sameName(source, target))
    throw new IcpError(
      'USAGE',
      `--into ${into} names the table being scored; scores go to a new table, the input is never replaced. Name another, e.g. --into ${target.at(-1)}_scored.`,
    );
  const quote = (parts: readonly string[]) =>
    parts.map(dialectSql(db.dialect).quoteIdent).join('.');
  const from = quote(source);
  const map = checkAttributeMap(icp, options.map ?? {});
  const minCoverage = options.minCoverage ?? scorePlan(icp).minCoverage;
  const headers = await db.columns(from);
  const { sources, bestCoverage } = attributeSources(icp, headers, map, `the table ${table}`);
  if (bestCoverage < minCoverage && !options.allowPartial)
    throw tooLittleKnown(icp, `the table ${table}`, headers, sources, minCoverage);
  const intoSql = quote(target);
  if (await db.exists(intoSql))
    throw new IcpError(
      'USAGE',
      `--into ${into}: that table already exists, and scores never replace a table. Drop it yourself if it is an old scores table, or name another.`,
    );
  const mapped = Object.fromEntries(
    sources.flatMap((x) => (x.how === 'mapped' ? [[x.attribute, x.column!]] : [])),
  );
  const sql = compileScoreSql(icp, {
    dialect: db.dialect,
    from,
    columns: headers,
    map: mapped,
    minCoverage,
    reasons,
  });
  const tempName = `${target.at(-1)}_icp_${randomBytes(4).toString('hex')}`;
  const temp = quote([...target.slice(0, -1), tempName]);
  try {
    await db.run(
      db.dialect === 'clickhouse'
        ? `CREATE TABLE ${temp} ENGINE = MergeTree() ORDER BY tuple() AS ${sql}`
        : `CREATE TABLE ${temp} AS ${sql}`,
    );
    const counts = await db.rows(
      `SELECT icp_tier AS tier, count(*) AS n FROM ${temp} GROUP BY icp_tier`,
    );
    await db.run(
      db.dialect === 'clickhouse'
        ? `RENAME TABLE ${temp} TO ${intoSql}`
        : `ALTER TABLE ${temp} RENAME TO ${dialectSql('postgres').quoteIdent(target.at(-1)!)}`,
    );
    const tiers = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
    for (const c of counts) tiers[c.tier as Tier] = Number(c.n);
    return {
      into: intoSql,
      rows: Object.values(tiers).reduce((a, b) => a + b, 0),
      tiers,
      minCoverage,
      attributes: sources,
      replacedColumns: headers.filter(isIcpColumn),
    };
  } catch (error) {
    await db.run(`DROP TABLE IF EXISTS ${temp}`).catch(() => {});
    throw error;
  }
}

/** Same table when the last parts match and any schema named on both sides matches. */
function sameName(a: readonly string[], b: readonly string[]): boolean {
  if (a.at(-1) !== b.at(-1)) return false;
  return a.length === 1 || b.length === 1 || a.join('.') === b.join('.');
}
