import { IcpError } from '../../core/errors/icp-error.js';
import { parseAttributeMap } from '../../core/icp/attribute-map.js';
import type { Reasons } from '../../core/icp/compile-sql.js';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { parseDatabaseUrl } from '../../data/remote/database-url.js';
import { openRemote } from '../../data/remote/remote-database.js';
import { scoreInto } from '../../pipeline/score-into/score-into.js';
import { formatScoreIntoSummary } from '../format/score-text.js';
import type { CliIo } from '../io.js';

interface DatabaseFlags {
  icp: string;
  source?: string;
  table?: string;
  into?: string;
  data?: string;
  out?: string;
  for?: string;
  json?: boolean;
  registry?: string;
  map?: string;
  minCoverage?: number;
  allowPartial?: boolean;
  reasons?: Reasons;
}

/**
 * `icp score --source URL --table T --into T2`: the rows are scored inside the database into a
 * new table; only column names and counts per tier cross the wire.
 */
export async function scoreInDatabase(io: CliIo, flags: DatabaseFlags): Promise<void> {
  const clash = (['data', 'out', 'for'] as const).filter((f) => flags[f] !== undefined);
  if (clash.length > 0)
    throw new IcpError(
      'USAGE',
      `--source scores a table inside the database into another table, so --${clash[0]} does not apply; drop it, or score a file with --data and --out instead.`,
    );
  if (flags.table === undefined || flags.into === undefined)
    throw new IcpError(
      'USAGE',
      `--source needs ${flags.table === undefined ? '--table (the table to score)' : '--into (the new table for the scores)'}, e.g. --table crm.leads --into crm.leads_scored.`,
    );
  const { icp } = await resolveIcp(flags.icp, registryDir(flags));
  const url = parseDatabaseUrl(flags.source!, process.env);
  const db = await openRemote(url);
  try {
    if (io.isTTY) io.stderr(`scoring ${flags.table} inside ${url.shown}...\n`);
    const r = await scoreInto(icp, db, flags.table, flags.into, {
      ...(flags.map === undefined ? {} : { map: parseAttributeMap(flags.map) }),
      ...(flags.minCoverage === undefined ? {} : { minCoverage: flags.minCoverage }),
      ...(flags.allowPartial ? { allowPartial: true } : {}),
      ...(flags.reasons === undefined ? {} : { reasons: flags.reasons }),
    });
    io.stdout(
      flags.json
        ? `${JSON.stringify({ source: url.shown, table: flags.table, ...r }, null, 2)}\n`
        : formatScoreIntoSummary(icp, url.shown, flags.table, r),
    );
  } finally {
    await db.close();
  }
}
