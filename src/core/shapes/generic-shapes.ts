import { type TableName, tableSpec } from '../model/canonical.js';
import type { ExportShape } from './export-shape.js';
import { headerKey } from './header-key.js';

/** Words in file names that say which table a file holds (compared as header keys). */
export const NAME_HINTS: Readonly<Record<TableName, readonly string[]>> = {
  accounts: ['account', 'compan', 'customer', 'organi', 'firm'],
  deals: ['deal', 'opportunit', 'pipeline', 'sales'],
  invoices: ['invoice', 'billing', 'payment', 'charge'],
  subscriptions: ['subscription', 'plan', 'contract'],
  tickets: ['ticket', 'support', 'case', 'conversation'],
  usage: ['usage', 'event', 'activity', 'feature'],
  contacts: ['contact', 'people', 'person', 'lead'],
  deal_contacts: ['dealcontact', 'opportunitycontact', 'contactrole', 'association'],
  churn_events: ['churn', 'cancel'],
  feedback: ['feedback', 'nps', 'survey'],
  requests: ['request', 'idea', 'roadmap'],
  activities: ['activit', 'engagement', 'call', 'meeting', 'touchpoint'],
  deal_stages: ['stagehistory', 'stagechange', 'history'],
};

/**
 * Headers too common to say which table a file is: a file whose only matches are these is a
 * weak guess, said so.
 */
const WEAK_KEYS = new Set(
  [
    'id',
    'name',
    'date',
    'value',
    'count',
    'amount',
    'total',
    'status',
    'account',
    'start',
    'end',
    'created',
    'score',
    'text',
    'role',
    'level',
    'title',
    'source',
    'owner',
    'channel',
    'event',
    'day',
    'quantity',
    'company',
    'rep',
    'comment',
    'feedback',
    'reason',
    'metric',
    'feature',
    'email',
    'domain',
    'website',
    'organization',
    'function',
    'record id',
  ].map(headerKey),
);

export function isWeakKey(key: string): boolean {
  return WEAK_KEYS.has(key);
}

const cache = new Map<TableName, ExportShape>();

/** The shape of a table by its canonical column names and their aliases (canonical.ts). */
export function genericShape(table: TableName): ExportShape {
  const hit = cache.get(table);
  if (hit) return hit;
  const columns = Object.fromEntries(
    Object.entries(tableSpec(table).columns).map(([c, spec]) => [c, [c, ...spec.aliases]]),
  );
  const shape: ExportShape = {
    id: `generic-${table.replaceAll('_', '-')}`,
    vendor: 'generic',
    object: table,
    table,
    marks: [],
    columns,
  };
  cache.set(table, shape);
  return shape;
}
