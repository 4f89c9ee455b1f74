import { Option } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { checkIcpValues } from '../../data/icp/check-icp-values.js';
import { parseDatabaseUrl } from '../../data/remote/database-url.js';
import { openRemote } from '../../data/remote/remote-database.js';
import type { WireCount } from '../../data/remote/sql-source.js';
import { discoverInDatabase } from '../../pipeline/discover/in-database/discover-in-database.js';

/** `icp discover`'s options for a table inside a database. */
export const sourceOptions = {
  source: new Option(
    '--source <url>',
    'or: a database (postgres://user@host/db, clickhouse://user@localhost:8123/db) to discover inside, with --table, --key, --target and --positive; only counts cross the wire',
  ),
  table: new Option('--table <name>', 'with --source: the table, one row per lead or account'),
  key: new Option(
    '--key <column>',
    'with --source (or --data): a unique column; rows are dealt into folds by the md5 of its value, which a database computes too',
  ),
};

/** The discover flags `--source` reads, and those it refuses. */
export interface SourceFlags {
  source?: string;
  table?: string;
  key?: string;
  target?: string;
  positive?: string[];
  negative?: string[];
  exclude?: string[];
  config?: string;
  data?: string;
  id?: string;
  account?: string;
  asOf?: string;
  since?: string;
}

/**
 * `icp discover --source URL --table T --key K --target C --positive V`: the discovery runs
 * inside the database (only aggregates cross the wire). Returns the run, not yet started, and
 * what crossed the wire once it has run.
 */
export function sourceDiscovery(
  flags: SourceFlags,
  keep: readonly string[],
  onProgress: (stage: string) => void,
): { run: () => Promise<IcpDefinition>; wire: WireCount; shown: string } {
  const clash = (['config', 'data', 'id', 'account', 'asOf', 'since'] as const).find(
    (f) => flags[f] !== undefined,
  );
  if (clash)
    throw new IcpError(
      'USAGE',
      `--source discovers from a table inside the database, so --${clash.replace('asOf', 'as-of')} does not apply: drop it (or discover from a file with --data instead).`,
    );
  const missing = (['table', 'key', 'target'] as const).find((f) => flags[f] === undefined);
  if (missing || flags.positive === undefined || flags.positive.length === 0)
    throw new IcpError(
      'USAGE',
      `--source needs --table, --key (a unique column: its md5 deals the rows into folds), --target and --positive, e.g. --table crm.leads --key lead_id --target converted --positive yes; ${missing ? `--${missing}` : '--positive'} is missing.`,
    );
  const url = parseDatabaseUrl(flags.source as string, process.env);
  const wire: WireCount = { queries: 0, rows: 0, bytes: 0 };
  const run = async () => {
    const db = await openRemote(url);
    try {
      const found = await discoverInDatabase(db, {
        table: flags.table as string,
        shown: url.shown,
        target: flags.target as string,
        positive: flags.positive as string[],
        ...(flags.negative ? { negative: flags.negative } : {}),
        key: flags.key as string,
        ...(flags.exclude ? { exclude: flags.exclude } : {}),
        ...(keep.length > 0 ? { keep } : {}),
        onProgress,
      });
      Object.assign(wire, found.wire);
      checkIcpValues(found.icp, `the ICP discovered from ${flags.table}`, 'DATA');
      return found.icp;
    } finally {
      await db.close();
    }
  };
  return { run, wire, shown: url.shown };
}

/** What crossed the wire, in a sentence. */
export function wireSentence(wire: WireCount, shown: string): string {
  return `Discovered inside ${shown}: ${wire.queries} queries brought back ${wire.rows.toLocaleString('en-US')} rows of counts (${wire.bytes.toLocaleString('en-US')} bytes as JSON); no row of the table left the database.`;
}
