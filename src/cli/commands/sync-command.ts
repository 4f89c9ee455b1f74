import type { Command } from 'commander';
import type { CrmVendor } from '../../data/crm/crm-vendor.js';
import { syncCrm } from '../../pipeline/crm/sync.js';
import type { CliIo } from '../io.js';
import { createProgress, type Progress } from '../progress.js';
import {
  credentialsOption,
  crmArgument,
  fieldsOption,
  listOf,
  reportWaits,
} from './crm-options.js';
import { failedRecords } from './push-command.js';
import { jsonOption, todayOption } from './shared-options.js';

interface SyncFlags {
  dir: string;
  apply?: boolean;
  icp?: string;
  rediscover?: boolean;
  fields?: string;
  full?: boolean;
  createFields: boolean;
  credentials?: string;
  today?: string;
  json?: boolean;
}

export function syncCommand(program: Command, io: CliIo): void {
  program
    .command('sync')
    .description(
      'pull + discover (or reuse) the ICP + score + push the changed records, in one run safe from cron (a lock keeps two runs apart; one summary line)',
    )
    .addArgument(crmArgument())
    .requiredOption(
      '--dir <dir>',
      'the folder of the pull, icp.json, scored.parquet, push-report.ndjson and the lock',
    )
    .option('--apply', 'write to the CRM (without it the push is a dry run)')
    .option('--icp <file>', 'score with this ICP (a file or an id) instead of DIR/icp.json')
    .option('--rediscover', 'discover the ICP again even when DIR/icp.json exists')
    .addOption(fieldsOption())
    .option('--full', 'read every record again, not only those changed since the last pull')
    .option(
      '--no-create-fields',
      'never create the ICP properties / fields; stop when they are missing',
    )
    .addOption(credentialsOption())
    .addOption(todayOption())
    .addOption(jsonOption('the result'))
    .action(async (vendor: CrmVendor, flags: SyncFlags) => {
      let stage: string | undefined;
      let bar: Progress | undefined;
      let r: Awaited<ReturnType<typeof syncCrm>>;
      try {
        r = await syncCrm(vendor, {
          dir: flags.dir,
          fields: listOf(flags.fields),
          ...(flags.full ? { full: true } : {}),
          ...(flags.icp ? { icp: flags.icp } : {}),
          ...(flags.rediscover ? { rediscover: true } : {}),
          apply: flags.apply === true,
          createFields: flags.createFields,
          ...(flags.credentials ? { credentials: flags.credentials } : {}),
          ...(flags.today ? { today: flags.today } : {}),
          http: { onWait: reportWaits(io, vendor) },
          onNote: (text) => io.stderr(`icp sync: ${text}\n`),
          onProgress: (next, done, total) => {
            if (next !== stage) {
              bar?.stop();
              stage = next;
              bar =
                total === undefined && done === 0 ? undefined : createProgress(io, next.padEnd(22));
              if (!bar && io.isTTY) io.stderr(`${next}...\n`);
            }
            if (total !== undefined || done > 0) bar?.update(done, Math.max(total ?? done, done));
          },
        });
      } finally {
        bar?.stop();
      }
      for (const w of r.pull.warnings) io.stderr(`warning: ${w}\n`);
      if (flags.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else io.stdout(`${r.summary}\n`);
      if (r.push.failed.length > 0) throw failedRecords(r.push);
    });
}
