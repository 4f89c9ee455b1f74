import { basename, resolve } from 'node:path';
import { type AttributeSource, attributeSources } from '../../core/icp/attribute-map.js';
import { compileScoreSql } from '../../core/icp/compile-sql.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { type MarketSize, sizeMarket } from '../../core/icp/market-size.js';
import { TIERS, type TierKey } from '../../core/icp/tiers.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import type { Database } from '../../data/db/database.js';
import { num } from '../../data/db/database.js';
import { openSource, sourceHeaders, streamFailure } from '../../data/source/read-raw.js';

/** How a market file (companies one could sell to) falls into the ICP's tiers. */
export interface MarketFit {
  readonly file: string;
  readonly rows: number;
  /**
   * Companies per tier; unknown: too little of the scorecard known to tier them (an attribute
   * the file has no column for counts as missing in every row); disqualified: a hard rule.
   */
  readonly tiers: Readonly<Record<TierKey, number>>;
  /** Share of the companies that could be tiered (not unknown) in tiers A-B; 0 when none could. */
  readonly shareAB: number;
  /** Scorecard attributes the file has no column for (scored as missing). */
  readonly absentAttributes: readonly string[];
  /** Each scorecard attribute: found in the file by name, or absent, with its weight. */
  readonly attributes: readonly AttributeSource[];
  /** Companies and potential ARR per tier (see `sizeMarket`). */
  readonly size: MarketSize;
}

/**
 * Scores a market file (a CSV, Parquet or JSON list of companies, e.g. a firmographic export)
 * with the ICP inside DuckDB, streaming, and counts it by tier: how much of the market the ICP
 * calls a fit. Coverage applies as in `icp score`: a company missing most of the scorecard's
 * weight is tier unknown, never A-B on its missing bins. Needs a scorecard.
 */
export async function marketFit(
  db: Database,
  icp: IcpDefinition,
  file: string,
): Promise<MarketFit> {
  const opened = await openSource('market', { path: basename(file) }, resolve(file));
  try {
    const headers = await sourceHeaders(db, opened, file);
    const { sources } = attributeSources(icp, headers, {}, file);
    const sql = compileScoreSql(icp, { dialect: 'duckdb', from: opened.reader, columns: headers });
    const r = await db
      .one(`SELECT count(*) AS n,
        ${TIERS.map((t, i) => `count(*) FILTER (WHERE NOT icp_disqualified AND icp_tier = ${quoteLiteral(t)}) AS t${i}`).join(',\n        ')},
        count(*) FILTER (WHERE icp_disqualified) AS dq
      FROM (${sql})`)
      .catch((error: unknown) => {
        throw streamFailure(error, opened);
      });
    const count = (t: (typeof TIERS)[number]) => num(r?.[`t${TIERS.indexOf(t)}`]);
    const tiers = {
      A: count('A'),
      B: count('B'),
      C: count('C'),
      D: count('D'),
      unknown: count('unknown'),
      disqualified: num(r?.dq),
    };
    // Disqualified companies are tiered (as D): sized with D, kept apart in `tiers`.
    const size = sizeMarket(icp, { ...tiers, D: tiers.D + tiers.disqualified });
    return {
      file,
      rows: num(r?.n),
      tiers,
      shareAB: size.shareAB ?? 0,
      absentAttributes: sources.filter((s) => s.how === 'absent').map((s) => s.attribute),
      attributes: sources,
      size,
    };
  } finally {
    await opened.close();
  }
}
