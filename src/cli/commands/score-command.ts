import type { Command } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import { compileScoreSql, type Dialect } from '../../core/icp/compile-sql.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { readIcp } from '../../data/icp/icp-file.js';
import { scoreFile } from '../../pipeline/score/score-file.js';
import type { CliIo } from '../io.js';

export function scoreCommand(program: Command, io: CliIo): void {
  program
    .command('score')
    .description(
      'score every row of a CSV, Parquet or JSON file against an ICP; keeps every input column and adds icp_*',
    )
    .requiredOption('--icp <file>', 'the icp.json written by "icp discover"')
    .requiredOption('--data <file>', 'the rows to score')
    .requiredOption('-o, --out <file>', 'where to write them (.csv, .parquet, .json or .ndjson)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: { icp: string; data: string; out: string; json?: boolean }) => {
      const icp = await readIcp(flags.icp);
      // DuckDB reports no progress for a streaming COPY through this API, so say what runs instead of faking a bar.
      if (io.isTTY) io.stderr(`scoring ${flags.data} (streamed through DuckDB)...\n`);
      const r = await scoreFile(icp, flags.data, flags.out);
      if (flags.json) {
        io.stdout(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const n = (x: number) => x.toLocaleString('en-US');
      const lines = [
        `Scored ${n(r.rows)} rows against ICP ${icp.id} into ${r.out}.`,
        `Tiers: A ${n(r.tiers.A)}, B ${n(r.tiers.B)}, C ${n(r.tiers.C)}, D ${n(r.tiers.D)}; ${n(r.disqualified)} disqualified by a hard rule; ${n(r.nearMiss)} near misses.`,
      ];
      if (r.absentColumns.length > 0)
        lines.push(
          `No column for: ${r.absentColumns.join(', ')} (scored as missing). Rename the columns to the ICP's attribute names to use them.`,
        );
      const missing = Object.entries(r.missing).filter(
        ([a, c]) => c > 0 && !r.absentColumns.includes(a),
      );
      if (missing.length > 0)
        lines.push(`Missing values: ${missing.map(([a, c]) => `${a} ${n(c)}`).join(', ')}.`);
      io.stdout(`${lines.join('\n')}\n`);
    });

  program
    .command('sql')
    .description(
      'print one SELECT that scores a database table against an ICP, inside the database',
    )
    .requiredOption('--icp <file>', 'the icp.json written by "icp discover"')
    .requiredOption('--table <name>', 'the table to score (quoted for you)')
    .option('--dialect <name>', 'duckdb or postgres', 'duckdb')
    .option(
      '--columns <list>',
      "the table's columns, comma-separated, to match attribute names ignoring case",
    )
    .action(async (flags: { icp: string; table: string; dialect: string; columns?: string }) => {
      if (flags.dialect !== 'duckdb' && flags.dialect !== 'postgres') {
        throw new IcpError(
          'USAGE',
          `--dialect: "${flags.dialect}" is not supported. Use duckdb or postgres.`,
        );
      }
      const icp = await readIcp(flags.icp);
      const columns = flags.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const from = flags.table.split('.').map(quoteIdent).join('.');
      io.stdout(
        `${compileScoreSql(icp, { dialect: flags.dialect as Dialect, from, ...(columns ? { columns } : {}) })};\n`,
      );
    });
}
