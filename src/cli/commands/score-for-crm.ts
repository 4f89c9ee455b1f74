import { Option } from 'commander';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { formatRows } from '../../core/issues/data-issue.js';
import { CRM_VENDORS, type CrmVendor, VENDOR_LABEL } from '../../data/crm/crm-vendor.js';
import { scoreForCrm } from '../../pipeline/crm/import-file.js';
import type { ScoreFileOptions } from '../../pipeline/score/score-file.js';
import type { CliIo } from '../io.js';

/** The options `icp score` takes for an import file: which CRM, and where the ids are. */
export const crmImportOptions = {
  for: new Option(
    '--for <crm>',
    "write the CRM's import file instead (record id + icp_score, icp_tier, icp_reasons, icp_id; see docs/crm.md)",
  ).choices(CRM_VENDORS),
  id: new Option(
    '--id <column>',
    'with --for: the column holding the record id (default: recognised)',
  ),
};

const HOW: Record<CrmVendor, string> = {
  hubspot:
    'Import it in HubSpot as an update of existing companies (Import > File from computer > One file > One object > Companies), matched by Record ID: docs/crm.md has each step.',
  salesforce:
    'Import it with the Data Import Wizard (Accounts and Contacts > Update existing records, match Account by Salesforce.com ID, encoding UTF-8): docs/crm.md has each step.',
};

/** `icp score --for hubspot|salesforce`: the import file and what to do with it. */
export async function scoreForCrmCommand(
  io: CliIo,
  icp: IcpDefinition,
  flags: { data: string; out: string; json?: boolean; for: CrmVendor; id?: string },
  scoring: Omit<ScoreFileOptions, 'onProgress' | 'rawCsv'> = {},
): Promise<void> {
  const r = await scoreForCrm(icp, flags.data, flags.out, {
    ...scoring,
    vendor: flags.for,
    ...(flags.id === undefined ? {} : { idColumn: flags.id }),
  });
  if (flags.json) {
    io.stdout(`${JSON.stringify(r, null, 2)}\n`);
    return;
  }
  const n = (x: number) => x.toLocaleString('en-US');
  const t = r.score.tiers;
  const files = r.files.map((f) => `${f.path} (${formatRows(f.rows)})`).join(', ');
  io.stdout(
    [
      `Scored ${n(r.score.rows)} rows against ICP ${icp.id}; wrote the ${VENDOR_LABEL[r.vendor]} import file${r.files.length > 1 ? `s, one per import of at most ${n(r.files[0]!.rows)} rows,` : ''} ${files}, ids from column "${r.idColumn}".`,
      `Tiers: A ${n(t.A)}, B ${n(t.B)}, C ${n(t.C)}, D ${n(t.D)}.`,
      HOW[r.vendor],
      '',
    ].join('\n'),
  );
}
