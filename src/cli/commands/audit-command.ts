import type { Command } from 'commander';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { audit } from '../../pipeline/audit/audit-config.js';
import { formatAudit } from '../format/audit-text.js';
import type { CliIo } from '../io.js';
import { checkOutputs, flagInput, icpInput } from './command-outputs.js';
import { configOption, jsonOption, jsonOutOption, todayOption } from './shared-options.js';

export function auditCommand(program: Command, io: CliIo): void {
  program
    .command('audit')
    .description(
      'audit the business against an ICP: the table by tier, where revenue and pipeline sit, bad-fit customers, the cost of poor fit',
    )
    .addOption(configOption())
    .requiredOption('--icp <file>', 'the icp.json to audit against, or an id in the registry')
    .option(
      '--registry <dir>',
      'the ICP versions folder, for an id (default: $ICP_REGISTRY, else icp-versions/ next to the config)',
    )
    .option(
      '--market <file>',
      'a list of companies one could sell to (CSV, Parquet, JSON): how much of it the ICP calls a fit',
    )
    .addOption(jsonOption('the audit'))
    .addOption(jsonOutOption('the audit'))
    .addOption(todayOption())
    .action(
      async (flags: {
        config: string;
        icp: string;
        json?: boolean;
        out?: string;
        today?: string;
        market?: string;
        registry?: string;
      }) => {
        await checkOutputs(
          [{ flag: '--out', path: flags.out }],
          [
            await icpInput('--icp', flags.icp, registryDir(flags)),
            flagInput('--market', flags.market),
          ],
          flags.config,
        );
        // An id from the registry is read there; audit reads the file it resolves to.
        const { path: icpPath } = await resolveIcp(flags.icp, registryDir(flags));
        const result = await audit(flags.config, icpPath, {
          ...(flags.today ? { today: flags.today } : {}),
          ...(flags.market ? { market: flags.market } : {}),
        });
        const json = `${JSON.stringify(result, null, 2)}\n`;
        if (flags.out) await writeFileAtomic(flags.out, json);
        io.stdout(flags.json ? json : formatAudit(result));
      },
    );
}
