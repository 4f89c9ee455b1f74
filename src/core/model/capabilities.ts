import type { TableName } from './canonical.js';

/** What the engine can measure, given which tables and columns were loaded. */
export interface Capability {
  readonly id: string;
  readonly label: string;
  readonly available: boolean;
  /** Why not, in the words shown to the user, e.g. "no tickets: cost to serve unknown". */
  readonly reason?: string;
}

/** The columns present per loaded table. */
export type PresentColumns = Partial<Record<TableName, readonly string[]>>;

/** The free-text columns themes are read from (docs/voc.md). */
export const TEXT_COLUMNS: readonly (readonly [TableName, string])[] = [
  ['tickets', 'subject'],
  ['tickets', 'body'],
  ['requests', 'title'],
  ['requests', 'body'],
  ['feedback', 'comment'],
  ['deals', 'lost_reason'],
  ['deals', 'won_reason'],
  ['churn_events', 'reason'],
  ['churn_events', 'comment'],
  ['activities', 'notes'],
];

interface Rule {
  readonly id: string;
  readonly label: string;
  /** Returns why it is unavailable, or undefined when available. */
  readonly missing: (has: (table: TableName, column?: string) => boolean) => string | undefined;
}

const need =
  (table: TableName, what: string, ...columns: string[]) =>
  (has: (t: TableName, c?: string) => boolean): string | undefined => {
    if (!has(table)) return `no ${table.replace('_', ' ')}: ${what} unknown`;
    const absent = columns.filter((c) => !has(table, c));
    return absent.length > 0 ? `${table} without ${absent.join(', ')}: ${what} unknown` : undefined;
  };

const RULES: readonly Rule[] = [
  { id: 'firmographics', label: 'firmographic attributes', missing: () => undefined },
  { id: 'win_rate', label: 'win rate', missing: need('deals', 'win rate') },
  {
    id: 'sales_cycle',
    label: 'sales cycle',
    missing: need('deals', 'sales cycle', 'created_at', 'closed_at'),
  },
  { id: 'deal_size', label: 'deal size', missing: need('deals', 'deal size', 'amount') },
  {
    id: 'revenue',
    label: 'revenue, retention and expansion',
    missing: (has) =>
      has('invoices') || has('subscriptions')
        ? undefined
        : 'no invoices or subscriptions: revenue, retention and expansion unknown',
  },
  { id: 'cost_to_serve', label: 'cost to serve', missing: need('tickets', 'cost to serve') },
  {
    id: 'handling_time',
    label: 'support handling time',
    missing: need('tickets', 'support handling time', 'minutes'),
  },
  {
    id: 'adoption',
    label: 'product adoption',
    // Usage is loaded and checked, but no figure reads it yet: saying "available" would promise
    // an adoption measure that customer value, discovery and the audit do not have.
    missing: (has) =>
      has('usage')
        ? 'usage loaded but not used yet: no value, discovery or audit figure reads product adoption'
        : 'no usage: product adoption unknown',
  },
  {
    id: 'buying_committee',
    label: 'personas and buying committee',
    missing: (has) =>
      !has('contacts') || !has('deal_contacts') || !has('deals')
        ? 'no contacts, deal contacts and deals together: personas and buying committee unknown'
        : undefined,
  },
  { id: 'satisfaction', label: 'satisfaction (NPS)', missing: need('feedback', 'satisfaction') },
  {
    id: 'voice_of_customer',
    label: 'voice of the customer (themes in text)',
    missing: (has) =>
      TEXT_COLUMNS.some(([t, c]) => has(t, c))
        ? undefined
        : 'no text (ticket subjects or bodies, requests, NPS comments, deal or churn reasons, call notes): themes unknown',
  },
];

/**
 * Lists every capability and whether the loaded data supports it.
 *
 * @example capabilities({ accounts: ['account_id'], deals: ['deal_id', 'stage'] })
 */
export function capabilities(present: PresentColumns): Capability[] {
  const has = (table: TableName, column?: string) => {
    const cols = present[table];
    return cols !== undefined && (column === undefined || cols.includes(column));
  };
  return RULES.map((rule) => {
    const reason = rule.missing(has);
    return reason === undefined
      ? { id: rule.id, label: rule.label, available: true }
      : { id: rule.id, label: rule.label, available: false, reason };
  });
}
