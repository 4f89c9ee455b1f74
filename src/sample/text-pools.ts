/**
 * The words the sample world's customers write, by kind of text. The planted themes (see
 * PLANTED_TRUTH.md) are the pools named after a segment; everyone else writes from the shared
 * pools. Each entry is [subject, description] for tickets, a sentence for reasons.
 */

/** What any customer asks support about: no theme here belongs to a segment. */
export const SUPPORT_TICKETS: readonly (readonly [string, string, string])[] = [
  [
    'Password reset email never arrives',
    'I asked for a password reset twice and no email came.',
    'login',
  ],
  ['Cannot export invoices to CSV', 'The CSV export of invoices stops with an error.', 'export'],
  [
    'Dashboard loads slowly',
    'The main dashboard takes a minute to load every morning.',
    'performance',
  ],
  ['How do I add a new user?', 'We hired someone and need to give her access.', 'access'],
  [
    'Scheduled report did not send',
    'The weekly scheduled report did not arrive on Monday.',
    'reports',
  ],
  [
    'Error when importing contacts',
    'The contact import fails on row 40 with an unknown error.',
    'import',
  ],
  [
    'Question about our latest invoice',
    'The latest invoice shows two charges for the same month.',
    'billing',
  ],
  ['Two-factor code rejected', 'The two-factor code from the app is rejected at login.', 'login'],
];

/** Feature requests any customer may file (tagged as requests). */
export const COMMON_REQUESTS: readonly (readonly [string, string])[] = [
  ['Add single sign-on with Okta', 'Our IT team wants single sign-on through Okta for every user.'],
  ['Bulk edit for records', 'Please let us change the owner of many records at once.'],
  ['Dark mode', 'A dark mode for the web app would help the night shift.'],
  ['Custom fields in reports', 'We need our custom fields as columns in reports.'],
];

/** The ideal segment's pain: consolidating several entities at month end. */
export const IDEAL_PAIN: readonly (readonly [string, string])[] = [
  [
    'Multi-entity consolidation is slow',
    'Our month-end close takes days because the multi-entity consolidation needs manual steps.',
  ],
  [
    'Help with multi-entity consolidation',
    'We consolidate revenue across subsidiaries by hand; the multi-entity consolidation should do it.',
  ],
  [
    'Consolidation across entities at month end',
    'Each subsidiary closes separately and the multi-entity consolidation report is late.',
  ],
];

/** The trap's requests: a cheaper plan, and point-of-sale integrations nobody else uses. */
export const TRAP_REQUESTS: readonly (readonly [string, string])[] = [
  [
    'Cheaper plan for small stores?',
    'We only have one small store and the plan costs too much. Is there a cheaper plan?',
  ],
  ['Discount for a single small store', 'A cheaper plan for a small store would keep us on board.'],
  [
    'Please add a Shopify POS integration',
    'Our till runs on Shopify POS; we need a POS integration to sync the sales.',
  ],
  [
    'Need a Square POS integration',
    'Sales come from Square at the counter, so a POS integration is a must for us.',
  ],
];

/** Why deals were won, by segment; COMMON for the rest. */
export const WON_REASONS = {
  ideal: [
    'Automates our month-end close across entities',
    'Month-end close in hours instead of days',
    'The finance team needed a faster month-end close',
  ],
  trap: ['Cheapest option for a small store', 'Low price and quick setup'],
  common: [
    'Easy to set up',
    'Good reporting for the sales team',
    'Strong CRM integration',
    'Best value in the evaluation',
    'The team liked the dashboards',
  ],
} as const;

/** Why deals were lost, by segment; COMMON for the rest. */
export const LOST_REASONS = {
  ideal: [
    'Failed the security review',
    'The security review was not approved in time',
    'No budget until the next fiscal year',
  ],
  trap: [
    'Price too high for a single store',
    'Went with a cheaper tool',
    'Too expensive for a small shop',
  ],
  common: [
    'Chose a competitor',
    'Bad timing',
    'Missing features they needed',
    'No decision made',
    'Our champion left the company',
  ],
} as const;

/** NPS comments of the world without themes: drawn whatever the score. */
export const NEUTRAL_COMMENTS = [
  'Great support, easy to roll out',
  'Does the job, reports could be faster',
  'Too many issues, considering other options',
] as const;
