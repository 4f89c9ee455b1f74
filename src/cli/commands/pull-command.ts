import { join } from 'node:path';
import type { Command } from 'commander';
import { formatCount } from '../../core/issues/data-issue.js';
import { type CrmVendor, VENDOR_LABEL } from '../../data/crm/crm-vendor.js';
import { pullCrm } from '../../pipeline/crm/pull.js';
import type { CliIo } from '../io.js';
import {
  callsLine,
  credentialsOption,
  crmArgument,
  fieldsOption,
  listOf,
  objectProgress,
  reportWaits,
} from './crm-options.js';
import { jsonOption } from './shared-options.js';

interface PullFlags {
  out: string;
  fields?: string;
  full?: boolean;
  credentials?: string;
  json?: boolean;
}

export function pullCommand(program: Command, io: CliIo): void {
  program
    .command('pull')
    .description(
      'read companies, deals, tickets and contacts from HubSpot or Salesforce into canonical Parquet files and a ready icp.config.yaml',
    )
    .addArgument(crmArgument())
    .requiredOption(
      '-o, --out <dir>',
      'the folder to write (created if missing); pull into it again to refresh',
    )
    .addOption(fieldsOption())
    .option('--full', 'read every record again, not only those changed since the last pull')
    .addOption(credentialsOption())
    .addOption(jsonOption('the summary'))
    .action(async (vendor: CrmVendor, flags: PullFlags) => {
      const progress = objectProgress(io);
      let r: Awaited<ReturnType<typeof pullCrm>>;
      try {
        r = await pullCrm(vendor, {
          out: flags.out,
          fields: listOf(flags.fields),
          ...(flags.full ? { full: true } : {}),
          ...(flags.credentials ? { credentials: flags.credentials } : {}),
          http: { onWait: reportWaits(io, vendor) },
          onProgress: progress.update,
          onNote: (text) => io.stderr(`icp pull: ${text}\n`),
        });
      } finally {
        progress.stop();
      }
      for (const w of r.warnings) io.stderr(`warning: ${w}\n`);
      if (flags.json) {
        io.stdout(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const width = Math.max(...r.objects.map((o) => o.name.length));
      io.stdout(
        [
          `Pulled from ${VENDOR_LABEL[vendor]} into ${r.out} (${r.mode === 'full' ? 'every record' : 'records changed since the last pull'}${r.resumed ? ', resumed' : ''}):`,
          ...r.objects.map(
            (o) =>
              `  ${o.name.padEnd(width)}  ${formatCount(o.read).padStart(9)} read  ${`${o.table}.parquet`.padEnd(22)} ${formatCount(o.rows).padStart(9)} rows`,
          ),
          `Config: ${r.config} (target: deals won). Next: icp discover --config ${r.config} --out ${join(r.out, 'icp.json')} (where icp sync looks for it)`,
          `${callsLine(vendor, r.calls, r.usage)}.`,
          '',
        ].join('\n'),
      );
    });
}
