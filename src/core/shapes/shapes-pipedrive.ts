import type { ExportShape } from './export-shape.js';

/**
 * Pipedrive exports: "Object - Field" headers ("Deal - Status", "Organization - Name").
 * Header sources: test/fixtures/exports/README.md.
 */
export const PIPEDRIVE_SHAPES: readonly ExportShape[] = [
  {
    id: 'pipedrive-organizations',
    vendor: 'Pipedrive',
    object: 'organizations',
    table: 'accounts',
    marks: [
      'Organization - ID',
      'Organization - Name',
      'Organization - Owner',
      'Organization - Address',
      'Organization - People',
      'Organization - Open deals',
      'Organization - Won deals',
      'Organization - Lost deals',
      'Organization - Closed deals',
      'Organization - Label',
      'Organization - Visible to',
      'Organization - Organization created',
    ],
    columns: {
      account_id: ['Organization - ID'],
      name: ['Organization - Name'],
      domain: ['Organization - Website', 'Organization - Web domain'],
      industry: ['Organization - Industry'],
      employees: ['Organization - Number of employees', 'Organization - Employee count'],
      annual_revenue: ['Organization - Annual revenue'],
      country: ['Organization - Country of Address', 'Organization - Address - Country'],
      created_at: ['Organization - Organization created', 'Organization - Add time'],
    },
  },
  {
    id: 'pipedrive-deals',
    vendor: 'Pipedrive',
    object: 'deals',
    table: 'deals',
    marks: [
      'Deal - ID',
      'Deal - Title',
      'Deal - Value',
      'Deal - Status',
      'Deal - Stage',
      'Deal - Pipeline',
      'Deal - Owner',
      'Deal - Organization',
      'Deal - Contact person',
      'Deal - Won time',
      'Deal - Lost time',
      'Deal - Lost reason',
      'Deal - Deal created',
      'Deal - Expected close date',
      'Deal - Currency of Value',
    ],
    columns: {
      deal_id: ['Deal - ID'],
      account_id: ['Deal - Organization ID', 'Organization - ID'],
      account_name: ['Deal - Organization', 'Organization - Name'],
      // Pipedrive's status (open, won, lost) says how a deal ended; its stage is a pipeline step.
      stage: ['Deal - Status'],
      amount: ['Deal - Value'],
      created_at: ['Deal - Deal created', 'Deal - Add time'],
      closed_at: ['Deal - Deal closed on', 'Deal - Close time'],
      owner: ['Deal - Owner'],
      source: ['Deal - Source channel', 'Deal - Source origin'],
    },
  },
];
