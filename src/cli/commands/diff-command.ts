import type { Command } from 'commander';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { diffIcpFiles } from '../../pipeline/diff/diff-icp-files.js';
import { formatDiff } from '../format/diff-text.js';
import type { CliIo } from '../io.js';
import { jsonOption } from './shared-options.js';

interface DiffFlags {
  data?: string;
  config?: string;
  today?: string;
  json?: boolean;
  registry?: string;
}

export function diffCommand(program: Command, io: CliIo): void {
  program
    .command('diff')
    .description(
      'compare two ICP files: scorecard, tiers, segments, hard rules; with --data, how rows move between tiers',
    )
    .argument('<old>', 'the icp.json in use, or an id in the registry')
    .argument('<new>', 'the icp.json that would replace it, or an id in the registry')
    .option('--data <file>', 'score these rows (CSV, Parquet, JSON) with both and compare')
    .option(
      '--config <file>',
      'or: score the accounts of this icp.config.yaml with both, with the attributes computed from every table (contacts per account, roles present)',
    )
    .option('--today <date>', 'with --config: the date far-future dates are checked against')
    .addOption(jsonOption('the comparison'))
    .option(
      '--registry <dir>',
      'the ICP versions folder, for an id (default: $ICP_REGISTRY, else ./icp-versions)',
    )
    .action(async (oldRef: string, newRef: string, flags: DiffFlags) => {
      // An id from the registry is read there; the diff reads the files they resolve to.
      const oldPath = (await resolveIcp(oldRef, registryDir(flags))).path;
      const newPath = (await resolveIcp(newRef, registryDir(flags))).path;
      const rows = flags.data ?? flags.config;
      if (rows && io.isTTY) io.stderr(`scoring ${rows} with both ICPs...\n`);
      const result = await diffIcpFiles(oldPath, newPath, {
        ...(flags.data ? { data: flags.data } : {}),
        ...(flags.config ? { config: flags.config } : {}),
        ...(flags.today ? { today: flags.today } : {}),
      });
      io.stdout(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatDiff(result));
    });
}
