import type { Command } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import {
  attributeSources,
  checkAttributeMap,
  parseAttributeMap,
} from '../../core/icp/attribute-map.js';
import { compileScoreSql, type Dialect, type Reasons } from '../../core/icp/compile-sql.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { sqlColumnsComment } from '../../core/icp/derived-attributes.js';
import { dialectSql } from '../../core/icp/dialect-sql.js';
import { tableNameParts } from '../../core/sql/table-name.js';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import type { CliIo } from '../io.js';
import { listOption, shareOption } from './parse-options.js';
import { choiceOption, reasonsOption } from './shared-options.js';

const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres', 'clickhouse'];

interface SqlFlags {
  icp: string;
  table: string;
  dialect: Dialect;
  columns?: string[];
  registry?: string;
  map?: string;
  minCoverage?: number;
  reasons?: Reasons;
}

/** `icp sql`: the scoring SELECT for a table, to run inside the database. */
export function sqlCommand(program: Command, io: CliIo): void {
  program
    .command('sql')
    .description(
      'print one SELECT that scores a database table against an ICP, inside the database',
    )
    .requiredOption(
      '--icp <file>',
      'the icp.json written by "icp discover", or an id in the registry',
    )
    .option(
      '--registry <dir>',
      'the ICP versions folder, for an id (default: $ICP_REGISTRY, else ./icp-versions)',
    )
    .requiredOption('--table <name>', 'the table to score (quoted for you)')
    .addOption(choiceOption('--dialect <name>', 'the SQL dialect', DIALECTS).default('duckdb'))
    .option(
      '--columns <list>',
      "the table's columns, comma-separated, to match attribute names ignoring case (and to leave out the table's own icp_* columns); attributes without a column are scored as missing. Without it, the SELECT reads every attribute as a column named exactly like it (or as --map says): the comment printed above it lists them, and those computed from other tables such as Contacts, and the database stops on any it lacks",
      listOption,
    )
    .option(
      '--map <pairs>',
      'scorecard attributes held in columns of another name, e.g. "Employees=employee_count"',
    )
    .option(
      '--min-coverage <share>',
      "share of the scorecard's weight a row needs known to get a tier (default: the ICP's, else 0.5)",
      shareOption('--min-coverage'),
    )
    .addOption(reasonsOption())
    .action((flags: SqlFlags) => printScoreSql(io, flags));
}

async function printScoreSql(io: CliIo, flags: SqlFlags): Promise<void> {
  const { icp } = await resolveIcp(flags.icp, registryDir(flags));
  if (!icp.scorecard)
    throw new IcpError(
      'USAGE',
      `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason}); there is nothing to score with, so no SQL. Discover again on more or other data.`,
    );
  const from = tableNameParts('--table', flags.table)
    .map(dialectSql(flags.dialect).quoteIdent)
    .join('.');
  const columns = flags.columns;
  const map = flags.map === undefined ? {} : checkAttributeMap(icp, parseAttributeMap(flags.map));
  // With the columns known, a mapped column the table lacks is named now, not NULL later.
  if (columns) attributeSources(icp, columns, map, `the table ${flags.table}`);
  const sql = compileScoreSql(icp, {
    dialect: flags.dialect,
    from,
    map,
    ...(columns ? { columns } : {}),
    ...(flags.minCoverage === undefined ? {} : { minCoverage: flags.minCoverage }),
    ...(flags.reasons === undefined ? {} : { reasons: flags.reasons }),
  });
  // Without the columns, say which the SELECT reads (mapped names included) and where
  // the ones computed from other tables come from: the database's own error names one.
  io.stdout(
    `${columns ? '' : sqlColumnsComment(icp.id, flags.table, columnsRead(icp, map))}${sql};\n`,
  );
}

/** The columns the SELECT reads: every scorecard attribute, then those only rules name. */
function columnsRead(icp: IcpDefinition, map: Readonly<Record<string, string>>) {
  return [
    ...(icp.scorecard?.attributes ?? []).map((a) => ({ name: a.name, kind: a.kind })),
    ...icp.rules
      .filter((r) => !icp.scorecard?.attributes.some((a) => a.name === r.when.attribute))
      .map((r) => ({
        name: r.when.attribute,
        kind: ['in', 'not_in', 'missing', 'present'].includes(r.when.op)
          ? ('categorical' as const)
          : ('numeric' as const),
      })),
  ].map((a) => ({ ...a, name: map[a.name] ?? a.name }));
}
