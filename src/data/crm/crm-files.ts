import type { CanonicalFile, FileColumn } from './canonical-files.js';
import { ICP_SNAPSHOT } from './icp-snapshot.js';

const v = (...names: readonly string[]) =>
  names.map((name) => ({ name, type: 'VARCHAR' as const }));
const DATE = (name: string): FileColumn => ({ name, type: 'DATE' });
const MODIFIED: FileColumn = { name: 'modified_at', type: 'TIMESTAMP' };

/** The canonical account columns every CRM fills (custom fields come after them). */
export const ACCOUNT_COLUMNS: readonly FileColumn[] = [
  ...v('account_id', 'name', 'domain', 'industry'),
  { name: 'employees', type: 'BIGINT' },
  { name: 'annual_revenue', type: 'DOUBLE' },
  ...v('country'),
  DATE('created_at'),
];

/**
 * The files a pull writes. What differs between CRMs: the account fields the user named,
 * the text columns deals and contacts carry, and whether deal-contact links are records of
 * their own (Salesforce's OpportunityContactRole, merged by id) or hang off each deal
 * (HubSpot's associations, replaced deal by deal).
 */
export function crmFiles(spec: {
  readonly extra: readonly FileColumn[];
  readonly dealText: readonly string[];
  readonly contactText: readonly string[];
  readonly dealContacts: 'by deal' | 'by id';
}): CanonicalFile[] {
  return [
    {
      table: 'accounts',
      columns: [...ACCOUNT_COLUMNS, ...spec.extra, MODIFIED],
      merge: { key: 'account_id' },
    },
    {
      table: 'deals',
      columns: [
        ...v('deal_id', 'account_id'),
        DATE('created_at'),
        DATE('closed_at'),
        ...v('stage', ...spec.dealText),
        { name: 'amount', type: 'DOUBLE' },
        ...v('owner'),
        MODIFIED,
      ],
      merge: { key: 'deal_id' },
    },
    {
      table: 'tickets',
      columns: [...v('ticket_id', 'account_id'), DATE('created_at'), ...v('priority'), MODIFIED],
      merge: { key: 'ticket_id' },
    },
    {
      table: 'contacts',
      columns: [...v('contact_id', 'account_id', ...spec.contactText), MODIFIED],
      merge: { key: 'contact_id' },
    },
    spec.dealContacts === 'by deal'
      ? {
          table: 'deal_contacts',
          columns: v('deal_id', 'contact_id', 'role'),
          merge: { group: 'deal_id', groupTable: 'deals' },
        }
      : {
          table: 'deal_contacts',
          columns: [...v('deal_contact_id', 'deal_id', 'contact_id', 'role'), MODIFIED],
          merge: { key: 'deal_contact_id' },
        },
    ICP_SNAPSHOT,
  ];
}
