import { basename, resolve } from 'node:path';
import { compileScoreSql } from '../../core/icp/compile-sql.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { normalizeHeader } from '../../core/model/canonical.js';
import type { Database } from '../../data/db/database.js';
import { num } from '../../data/db/database.js';
import { openSource, sourceHeaders } from '../../data/source/read-raw.js';

/** How a market file (companies one could sell to) falls into the ICP's tiers. */
export interface MarketFit {
  readonly file: string;
  readonly rows: number;
  readonly tiers: Readonly<Record<'A' | 'B' | 'C' | 'D' | 'disqualified', number>>;
  /** Share of the market's companies in tiers A-B. */
  readonly shareAB: number;
  /** Scorecard attributes the file has no column for (scored as missing). */
  readonly absentAttributes: readonly string[];
}

/**
 * Scores a market file (a CSV, Parquet or JSON list of companies, e.g. a firmographic export)
 * with the ICP inside DuckDB, streaming, and counts it by tier: how much of the market the ICP
 * calls a fit. Needs a scorecard.
 */
export async function marketFit(
  db: Database,
  icp: IcpDefinition,
  file: string,
): Promise<MarketFit> {
  const opened = await openSource('market', { path: basename(file) }, resolve(file));
  try {
    const headers = await sourceHeaders(db, opened, file);
    const sql = compileScoreSql(icp, { dialect: 'duckdb', from: opened.reader, columns: headers });
    const r = await db.one(`SELECT count(*) AS n,
        count(*) FILTER (WHERE NOT icp_disqualified AND icp_tier = 'A') AS a,
        count(*) FILTER (WHERE NOT icp_disqualified AND icp_tier = 'B') AS b,
        count(*) FILTER (WHERE NOT icp_disqualified AND icp_tier = 'C') AS c,
        count(*) FILTER (WHERE NOT icp_disqualified AND icp_tier = 'D') AS d,
        count(*) FILTER (WHERE icp_disqualified) AS dq
      FROM (${sql})`);
    const rows = num(r?.n);
    const tiers = {
      A: num(r?.a),
      B: num(r?.b),
      C: num(r?.c),
      D: num(r?.d),
      disqualified: num(r?.dq),
    };
    const present = new Set(headers.map(normalizeHeader));
    return {
      file,
      rows,
      tiers,
      shareAB: rows > 0 ? (tiers.A + tiers.B) / rows : 0,
      absentAttributes: (icp.scorecard?.attributes ?? [])
        .filter((a) => !present.has(normalizeHeader(a.name)))
        .map((a) => a.name),
    };
  } finally {
    await opened.close();
  }
}
