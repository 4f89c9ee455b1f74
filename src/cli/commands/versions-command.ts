import type { Command } from 'commander';
import { listVersions, registryDir } from '../../data/icp/registry.js';
import type { CliIo } from '../io.js';
import { jsonOption } from './shared-options.js';

export function versionsCommand(program: Command, io: CliIo): void {
  program
    .command('versions')
    .description(
      'list the ICP versions in the registry (every ICP discovered), oldest first, with their lineage',
    )
    .option(
      '-c, --config <file>',
      'the icp.config.yaml whose registry (icp-versions/ beside it) to list',
    )
    .option(
      '--registry <dir>',
      'the ICP versions folder (default: $ICP_REGISTRY, else ./icp-versions)',
    )
    .addOption(jsonOption('the versions'))
    .action(async (flags: { config?: string; registry?: string; json?: boolean }) => {
      const dir = registryDir(flags);
      const versions = await listVersions(dir);
      if (flags.json) {
        io.stdout(`${JSON.stringify({ registry: dir, versions }, null, 2)}\n`);
        return;
      }
      if (versions.length === 0) {
        io.stdout(
          `No ICP versions in ${dir}. "icp discover --config FILE --out icp.json" saves one there.\n`,
        );
        return;
      }
      const rows = [
        ['id', 'parent', 'as_of', 'verdict', 'AUC', 'name'],
        ...versions.map((v) => [
          v.id,
          v.parent ?? '-',
          v.asOf || '-',
          v.verdict,
          v.auc === null ? '-' : v.auc.toFixed(3),
          v.name,
        ]),
      ];
      const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
      const lines = rows.map((r) =>
        r
          .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
          .join('  ')
          .trimEnd(),
      );
      const n = versions.length;
      io.stdout(`${lines.join('\n')}\n${n} ICP version${n === 1 ? '' : 's'} in ${dir}.\n`);
    });
}
