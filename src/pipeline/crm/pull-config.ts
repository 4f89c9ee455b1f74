import { isTableName, tableSpec } from '../../core/model/canonical.js';
import type { CanonicalFile } from '../../data/crm/canonical-files.js';
import { type CrmVendor, VENDOR_LABEL } from '../../data/crm/crm-vendor.js';

/** Columns of a pulled file that describe the pull, not the customer: never attributes. */
const NOT_ATTRIBUTES = ['modified_at'];

/**
 * The icp.config.yaml written beside a pull's files: every file mapped explicitly, the deal
 * stages already won / lost / open, and the target "won" (a CRM holds deals, not invoices).
 * Deterministic: the same pull writes the same text.
 */
export function pullConfigYaml(
  vendor: CrmVendor,
  files: readonly CanonicalFile[],
  notes: readonly string[],
): string {
  const label = VENDOR_LABEL[vendor];
  const lines = [
    `# Written by "icp pull ${vendor}": the ${label} records of this folder as canonical files.`,
    `# "icp pull ${vendor} --out <this folder>" refreshes them (reading only what changed since).`,
    ...notes.map((n) => `# ${label} ${n}`),
    `name: ${label}`,
    'sources:',
  ];
  for (const f of files) {
    if (!isTableName(f.table)) continue;
    lines.push(`  ${f.table}:`, `    path: ${f.table}.parquet`, '    columns:');
    for (const c of f.columns)
      if (!NOT_ATTRIBUTES.includes(c.name) && isCanonical(f.table, c.name))
        lines.push(`      ${c.name}: ${c.name}`);
    if (f.table === 'deals')
      lines.push('    values:', '      stage: { won: [won], lost: [lost], open: [open] }');
  }
  lines.push(
    '# A CRM holds deals, not invoices: the target is deals won. Add invoices or subscriptions',
    '# and set target.kind: ideal to learn who pays, stays and costs little.',
    'target:',
    '  kind: won',
    'discover:',
    `  exclude: [${NOT_ATTRIBUTES.join(', ')}]`,
    '',
  );
  return lines.join('\n');
}

/** Whether the file's column is one of the canonical table's own (the rest stay extras). */
function isCanonical(table: string, column: string): boolean {
  return isTableName(table) && Object.hasOwn(tableSpec(table).columns, column);
}
