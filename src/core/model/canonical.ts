/**
 * The canonical data model of DESIGN.md: the tables the engine understands, their columns,
 * the type each column must parse as, and the export headers recognised without a mapping.
 * Only `accounts` is required; every other table adds capabilities (see capabilities.ts).
 */

import {
  accountRef,
  type CanonicalColumn,
  type CanonicalTable,
  type ColumnType,
  col,
  LINK_COLUMNS,
} from './canonical-column.js';

export { type CanonicalColumn, type CanonicalTable, type ColumnType, LINK_COLUMNS };

export const CANONICAL = {
  accounts: {
    description: 'one row per company: firmographics and any attribute columns',
    key: 'account_id',
    columns: {
      account_id: col('id', 'account id|accountid|account|company id|customer id|record id|id', {
        required: true,
      }),
      name: col(
        'string',
        'name|account name|company|company name|organization|organization name|organisation name',
      ),
      // "url" is left out: a profile, logo or CRM link is not the company's domain.
      domain: col(
        'string',
        'domain|website|company domain|company domain name|website url|company website',
      ),
      // "category" is left out: an account category (A/B/C, partner, ...) is not an industry.
      industry: col('string', 'industry|sector|vertical|category code'),
      // Only headers that mean people employed. Seats, users, licences and members count what
      // a customer bought or uses; "company size" is usually a band ("51-200"), not a count.
      employees: col(
        'integer',
        'employees|number of employees|employee count|headcount|numberofemployees|employees count|num employees|no of employees|total employees',
        { nonNegative: true },
      ),
      // A bare "revenue" may be what the customer pays us, not what the company earns.
      annual_revenue: col(
        'number',
        'annual revenue|annualrevenue|company revenue|company annual revenue',
        { nonNegative: true },
      ),
      // "office location" is left out: it is as often a city as a country.
      country: col(
        'string',
        'country|billing country|hq country|country code|country region|company country|headquarters country',
      ),
      created_at: col(
        'date',
        'created at|created date|create date|signup date|created|date created|created on|created time',
      ),
    },
  },
  deals: {
    description: 'opportunities: win rate, sales cycle, deal size',
    key: 'deal_id',
    columns: {
      deal_id: col('id', 'deal id|opportunity id|opportunityid|dealid|record id|id', {
        required: true,
      }),
      ...accountRef('account id|account|company id'),
      created_at: col(
        'date',
        'created at|created date|create date|engage date|open date|created time|date created|created on|created',
      ),
      closed_at: col(
        'date',
        'closed at|close date|closed date|closedate|closing date|actual close date|date closed|closed on',
      ),
      // A "closed won" column is a yes/no flag, not a stage: it is not an alias of stage.
      stage: col(
        'stage',
        'stage|deal stage|status|opportunity stage|stage name|sales stage|pipeline stage|deal status',
        {
          required: true,
        },
      ),
      amount: col(
        'number',
        'amount|deal amount|close value|value|deal value|opportunity amount|deal size',
        {
          nonNegative: true,
        },
      ),
      source: col('string', 'source|lead source|channel'),
      owner: col('string', 'owner|deal owner|sales agent|sales rep|rep'),
      // Free text: why a deal was lost or won, read for themes (docs/voc.md).
      lost_reason: col(
        'string',
        'lost reason|closed lost reason|loss reason|reason lost|lost reason description|loss reason description',
      ),
      won_reason: col('string', 'won reason|closed won reason|win reason|reason won'),
    },
    dateOrder: [['created_at', 'closed_at']],
  },
  invoices: {
    description: 'billed amounts: revenue, retention, expansion',
    columns: {
      invoice_id: col('id', 'invoice id|invoice number|id|invoice no|invoice'),
      ...accountRef('account id|account|customer id|customer'),
      date: col(
        'date',
        'date|invoice date|issued at|billing date|created|created at|created date|date created|paid at|payment date',
        { required: true },
      ),
      amount: col(
        'number',
        'amount|amount paid|invoice amount|total|amount due|invoice total|paid amount|total amount|grand total',
        {
          required: true,
          nonNegative: true,
        },
      ),
    },
  },
  subscriptions: {
    description: 'recurring revenue periods: revenue, retention, expansion',
    key: 'subscription_id',
    columns: {
      subscription_id: col('id', 'subscription id|id'),
      ...accountRef('account id|account|customer id|customer'),
      start_date: col(
        'date',
        'start date|started at|start|started on|activated at|subscription start|subscription start date',
        { required: true },
      ),
      end_date: col(
        'date',
        'end date|ended at|end|cancel date|canceled at|cancelled at|ended on|subscription end date',
      ),
      mrr: col('number', 'mrr|mrr amount|monthly recurring revenue|monthly amount', {
        required: true,
        nonNegative: true,
      }),
    },
    dateOrder: [['start_date', 'end_date']],
  },
  tickets: {
    description: 'support load: cost to serve',
    key: 'ticket_id',
    columns: {
      ticket_id: col(
        'id',
        'ticket id|case id|case number|record id|id|ticket number|issue key|issue id|conversation id|request id',
        {
          required: true,
        },
      ),
      ...accountRef('account id|account|customer id|customer'),
      created_at: col(
        'date',
        'created at|submitted at|opened at|created date|date|created time|created on|date created|created',
      ),
      // Handling time only, in minutes. Elapsed resolution times ("Full resolution time") are
      // not the time an agent spent, and "time spent" or "handle time" without a unit may be
      // hours or seconds: none of them is an alias.
      minutes: col('number', 'minutes|handling minutes|handle time minutes', {
        nonNegative: true,
      }),
      priority: col('string', 'priority|severity'),
      // Free text and labels, read for themes; a ticket whose type or tags name a feature
      // request (voc.request_tags) counts as one (docs/voc.md).
      subject: col('string', 'subject|ticket subject|ticket name|ticket title'),
      body: col('string', 'body|description|ticket description|ticket body|details'),
      type: col('string', 'type|ticket type|case type'),
      tags: col('string', 'tags|ticket tags|conversation tags|labels'),
    },
  },
  requests: {
    description: 'feature requests: roadmap dilution',
    key: 'request_id',
    columns: {
      request_id: col('id', 'request id|feature request id|idea id|record id|id', {
        required: true,
      }),
      ...accountRef('account id|account|customer id|customer|company id'),
      created_at: col('date', 'created at|created date|date|submitted at|created on|created'),
      title: col('string', 'title|request|feature request|idea|subject|name|summary'),
      body: col('string', 'body|description|details'),
      status: col('string', 'status|request status|idea status'),
    },
  },
  usage: {
    description: 'product activity: adoption',
    columns: {
      ...accountRef('account id|account|customer id|customer'),
      date: col('date', 'date|usage date|day', { required: true }),
      metric: col('string', 'metric|feature|feature name|event', { required: true }),
      value: col('number', 'value|count|usage count|quantity', { required: true }),
    },
  },
  contacts: {
    description: 'people at accounts: personas',
    key: 'contact_id',
    columns: {
      contact_id: col('id', 'contact id|person id|record id|id', { required: true }),
      ...accountRef('account id|account|company id'),
      title: col('string', 'title|job title|position'),
      role: col('string', 'role|buying role|persona'),
      seniority: col('string', 'seniority|level|job level|management level'),
      department: col('string', 'department|function|job function'),
    },
  },
  deal_contacts: {
    description: 'who took part in each deal: buying committee',
    columns: {
      deal_id: col('id', 'deal id|opportunity id', { required: true }),
      contact_id: col('id', 'contact id|person id', { required: true }),
      role: col('string', 'role|deal role|contact role'),
    },
  },
  churn_events: {
    description: 'explicit churn dates: retention when no subscriptions or invoices say it',
    columns: {
      ...accountRef('account id|account|customer id|customer'),
      date: col('date', 'date|churn date|churned at|cancelled at', { required: true }),
      reason: col('string', 'reason|reason code|churn reason'),
      comment: col('string', 'comment|feedback text|churn comment|cancellation comment|verbatim'),
    },
  },
  feedback: {
    description: 'survey answers: satisfaction (NPS)',
    columns: {
      ...accountRef('account id|account|customer id|customer'),
      date: col('date', 'date|response date|submitted at|created at'),
      // A "rating" is as often 1-5 stars (CSAT) as 0-10; only NPS headers are aliases.
      score: col('integer', 'score|nps|nps score|likelihood to recommend', {
        required: true,
        range: [0, 10],
      }),
      comment: col('string', 'comment|feedback|text|verbatim'),
    },
  },
  activities: {
    description: 'sales and success touchpoints (calls, emails, meetings): journey and call notes',
    columns: {
      activity_id: col('id', 'activity id|engagement id|task id|event id|record id|id'),
      ...accountRef('account id|account|company id'),
      deal_id: col('id', 'deal id|opportunity id|associated deal id'),
      date: col('date', 'date|activity date|created at|timestamp|due date|start time', {
        required: true,
      }),
      type: col('string', 'type|activity type|engagement type|event type|task subtype'),
      notes: col('string', 'notes|call notes|body|description|comments|call summary|summary'),
    },
  },
  deal_stages: {
    description: 'deal stage history: stage-to-stage conversion and time in stage',
    columns: {
      deal_id: col('id', 'deal id|opportunity id|opportunityid', { required: true }),
      stage: col('string', 'stage|stage name|deal stage|to stage|new stage|stagename', {
        required: true,
      }),
      entered_at: col(
        'date',
        'entered at|date entered|changed at|created date|createddate|date|stage date|timestamp',
        { required: true },
      ),
    },
  },
} as const satisfies Record<string, CanonicalTable>;

export type TableName = keyof typeof CANONICAL;

export const TABLE_NAMES = Object.keys(CANONICAL) as TableName[];

/** Lower-cases and drops everything but letters and digits: "Account ID" -> "accountid". */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isTableName(name: string): name is TableName {
  return Object.hasOwn(CANONICAL, name);
}

/** The spec of one table, typed for generic code. */
export function tableSpec(name: TableName): CanonicalTable {
  return CANONICAL[name];
}
