import type { CanonicalFile } from './canonical-files.js';
import { toNumber, toText } from './crm-values.js';
import { type CrmVendor, ICP_FIELDS } from './crm-vendor.js';

/**
 * `crm_icp.parquet`: the ICP values each company / account holds in the CRM as of the pull
 * (null where the fields do not exist yet). `icp push` compares the new scores with it, so
 * after a pull it writes only what changed without reading every record again.
 */
export const ICP_SNAPSHOT: CanonicalFile = {
  table: 'crm_icp',
  columns: [
    { name: 'account_id', type: 'VARCHAR' },
    { name: 'icp_score', type: 'DOUBLE' },
    { name: 'icp_tier', type: 'VARCHAR' },
    { name: 'icp_reasons', type: 'VARCHAR' },
    { name: 'icp_id', type: 'VARCHAR' },
    { name: 'modified_at', type: 'TIMESTAMP' },
  ],
  merge: { key: 'account_id' },
};

/** One snapshot row from a record's field values (`get` by the vendor's field name). */
export function icpSnapshotRow(
  vendor: CrmVendor,
  id: string,
  get: (field: string) => unknown,
  modifiedAt: string | null,
  where: (field: string) => () => string,
): Record<string, unknown> {
  const f = ICP_FIELDS[vendor];
  return {
    account_id: id,
    icp_score: toNumber(get(f.score), where(f.score)),
    icp_tier: toText(get(f.tier)),
    icp_reasons: toText(get(f.reasons)),
    icp_id: toText(get(f.icpId)),
    modified_at: modifiedAt,
  };
}
