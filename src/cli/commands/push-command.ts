import type { Command } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import { formatCount } from '../../core/issues/data-issue.js';
import { type CrmVendor, VENDOR_LABEL } from '../../data/crm/crm-vendor.js';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { type PushResult, pushScores } from '../../pipeline/crm/push.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { callsLine, credentialsOption, crmArgument, reportWaits } from './crm-options.js';
import { jsonOption } from './shared-options.js';

interface PushFlags {
  icp: string;
  scored: string;
  id?: string;
  apply?: boolean;
  createFields: boolean;
  report?: string;
  credentials?: string;
  registry?: string;
  json?: boolean;
}

export function pushCommand(program: Command, io: CliIo): void {
  program
    .command('push')
    .description(
      "write each record's ICP score, tier, reasons and ICP id to HubSpot companies or Salesforce accounts: a dry run unless --apply; only changed records are written",
    )
    .addArgument(crmArgument())
    .requiredOption(
      '--icp <file>',
      'the ICP that scored the file (its id is written too), or an id in the registry',
    )
    .requiredOption(
      '--scored <file>',
      'the file "icp score" wrote (the record id and icp_* columns)',
    )
    .option('--id <column>', 'the column of --scored holding the record id (default: recognised)')
    .option('--apply', 'write to the CRM (without it: say what would change, write nothing)')
    .option(
      '--no-create-fields',
      'never create the ICP properties / fields; stop when they are missing',
    )
    .option(
      '--report <file>',
      'where the report goes (default: <crm>-push-report.ndjson beside --scored)',
    )
    .addOption(credentialsOption())
    .option(
      '--registry <dir>',
      'the ICP versions folder, for an id (default: $ICP_REGISTRY, else ./icp-versions)',
    )
    .addOption(jsonOption('the result'))
    .action(async (vendor: CrmVendor, flags: PushFlags) => {
      const { icp } = await resolveIcp(flags.icp, registryDir(flags));
      const bar = createProgress(io, 'push');
      let r: PushResult;
      try {
        r = await pushScores(vendor, {
          icp,
          scored: flags.scored,
          ...(flags.id ? { idColumn: flags.id } : {}),
          apply: flags.apply === true,
          createFields: flags.createFields,
          ...(flags.report ? { report: flags.report } : {}),
          ...(flags.credentials ? { credentials: flags.credentials } : {}),
          http: { onWait: reportWaits(io, vendor) },
          onProgress: (done, total) => bar.update(done, total),
        });
      } finally {
        bar.stop();
      }
      if (flags.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else io.stdout(`${pushText(r).join('\n')}\n`);
      // Records the CRM refused are bad data for this run: the exit status says so to cron.
      if (r.failed.length > 0) throw failedRecords(r);
    });
}

/** The error (exit 3) after a push some of whose records the CRM refused. */
export function failedRecords(r: PushResult): IcpError {
  const n = r.failed.length;
  return new IcpError(
    'DATA',
    `${VENDOR_LABEL[r.vendor]} refused ${formatCount(n)} record${n === 1 ? '' : 's'}; ${r.report} lists each with its message. The others were written.`,
  );
}

/** The push result in words: what changed (or would), the tier moves, every failure. */
export function pushText(r: PushResult): string[] {
  const n = formatCount;
  const crm = VENDOR_LABEL[r.vendor];
  const kind = r.vendor === 'hubspot' ? 'properties' : 'fields';
  const lines = r.applied
    ? [
        `Updated ${n(r.updated)} of ${n(r.changed)} changed records in ${crm} (${n(r.records)} in the file; the other ${n(r.records - r.changed)} already held these values).`,
        ...(r.fieldsCreated.length > 0
          ? [`Created the ${kind} ${r.fieldsCreated.join(', ')}.`]
          : []),
      ]
    : [
        `Dry run: ${n(r.changed)} of ${n(r.records)} records would change in ${crm}; nothing was written (add --apply to write them).`,
        ...(r.fieldsCreated.length > 0
          ? [`Would create the ${kind} ${r.fieldsCreated.join(', ')}.`]
          : []),
      ];
  if (r.transitions.length > 0)
    lines.push(
      `Tier changes: ${r.transitions.map((t) => `${t.from ?? '(none)'} -> ${t.to} ${n(t.records)}`).join(', ')}.`,
      ...r.examples.map(
        (e) =>
          `  ${e.id}: ${e.from ?? '(none)'} -> ${e.to} (${e.oldScore === null ? '(none)' : e.oldScore.toFixed(1)} -> ${e.score.toFixed(1)})`,
      ),
      ...(r.changed > r.examples.length
        ? [`  ... and ${n(r.changed - r.examples.length)} more.`]
        : []),
    );
  if (r.failed.length > 0)
    lines.push(
      `${n(r.failed.length)} record${r.failed.length === 1 ? '' : 's'} failed (${crm}'s message):`,
      ...r.failed.slice(0, 20).map((f) => `  ${f.id}: ${f.message}`),
      ...(r.failed.length > 20
        ? [`  ... and ${n(r.failed.length - 20)} more, each in the report.`]
        : []),
    );
  lines.push(`Report: ${r.report}.`, `${callsLine(r.vendor, r.calls, r.usage)}.`);
  return lines;
}
