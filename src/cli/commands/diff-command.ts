import type { Command } from 'commander';
import { diffIcpFiles } from '../../pipeline/diff/diff-icp-files.js';
import { formatDiff } from '../format/diff-text.js';
import type { CliIo } from '../io.js';

export function diffCommand(program: Command, io: CliIo): void {
  program
    .command('diff')
    .description(
      'compare two ICP files: scorecard, tiers, segments, hard rules; with --data, how rows move between tiers',
    )
    .argument('<old>', 'the icp.json in use')
    .argument('<new>', 'the icp.json that would replace it')
    .option('--data <file>', 'score these rows (CSV, Parquet, JSON) with both and compare')
    .option('--json', 'print the comparison as JSON')
    .action(async (oldPath: string, newPath: string, flags: { data?: string; json?: boolean }) => {
      if (flags.data && io.isTTY) io.stderr(`scoring ${flags.data} with both ICPs...\n`);
      const result = await diffIcpFiles(
        oldPath,
        newPath,
        flags.data === undefined ? {} : { data: flags.data },
      );
      io.stdout(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatDiff(result));
    });
}
