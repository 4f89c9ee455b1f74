import { z } from 'zod';
import { CANONICAL, type TableName } from '../model/canonical.js';

/** File formats a source can be read in; by default taken from the file extension. */
export const SOURCE_FORMATS = ['csv', 'tsv', 'parquet', 'json', 'ndjson'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

const stageValues = z.strictObject({
  won: z.array(z.string()).min(1).optional(),
  lost: z.array(z.string()).min(1).optional(),
  open: z.array(z.string()).optional(),
});

const columnMapping = z.union([
  z.string().min(1),
  z.strictObject({
    /** The source header. */
    column: z.string().min(1),
    /** Multiply numbers by this: 60 for hours to minutes, 0.01 for cents to units. */
    scale: z.number().positive().optional(),
    /** Dates are unix times in seconds or milliseconds (Stripe's API exports). */
    epoch: z.enum(['seconds', 'milliseconds']).optional(),
    /**
     * Amounts are per billing interval, turned into monthly amounts: an interval (day, week,
     * month, quarter, year) or the header of a column holding each row's interval.
     */
    per: z.string().min(1).optional(),
    /** Header of a quantity each amount is multiplied by (a subscription's seats). */
    quantity: z.string().min(1).optional(),
  }),
]);

export type ColumnMapping = z.infer<typeof columnMapping>;

/** How the rows of a source find their account when the ids do not match (see docs/config.md). */
export const linkSchema = z.strictObject({
  /**
   * The key tried right after the ids: column (this file's `column` equals accounts'
   * `account_column`), domain (a website, domain or email in `column`), email (the domain of
   * an email in `column`), name (a company name in `column`, normalised), or id (ids only).
   */
  by: z.enum(['id', 'column', 'domain', 'email', 'name']).optional(),
  /** This file's header holding the key. */
  column: z.string().min(1).optional(),
  /** For by: column, the accounts column (canonical name or header) holding the same key. */
  account_column: z.string().min(1).optional(),
  /** After the ids and `by`: company domain, email domain, then company name. */
  fallback: z.boolean().default(true),
  /** Below this share of rows (or of amounts) linked, icp check warns. */
  min_rate: z.number().min(0).max(1).default(0.8),
});

export type LinkConfig = z.infer<typeof linkSchema>;

/** One source file mapped to one canonical table. */
export const sourceSchema = z.strictObject({
  /** Path of the file, relative to the config file. */
  path: z.string().min(1),
  /** csv, tsv, parquet, json or ndjson; by default from the extension. */
  format: z.enum(SOURCE_FORMATS).optional(),
  /** Field separator for csv; by default detected. */
  delimiter: z.string().min(1).max(2).optional(),
  /** strftime format(s) of the dates, e.g. "%m/%d/%Y"; by default ISO, else guessed. */
  date_format: z.union([z.string().min(2), z.array(z.string().min(2)).min(1)]).optional(),
  /**
   * Canonical column -> source header, or `{ column, scale }` to convert units on the way in
   * (e.g. hours to minutes: `{ column: resolution_hours, scale: 60 }`). Unmapped canonical
   * columns are recognised by their header.
   */
  columns: z.record(z.string(), columnMapping).optional(),
  /**
   * Where the rows have no account id of their own but a key of another table that has one,
   * e.g. usage rows that carry a subscription id: `{ column: subscription_id, table: subscriptions }`.
   */
  account_from: z.strictObject({ column: z.string().min(1), table: z.string().min(1) }).optional(),
  /** How rows find their account when ids do not match: by a key, domain, email or name. */
  link: linkSchema.optional(),
  /**
   * Value mappings: for deals, which stages mean won, lost and open; for any other column
   * (canonical name or header), spellings of one category, e.g.
   * `industry: { Fintech: [FinTech, Financial Technology] }`.
   */
  values: z
    .object({ stage: stageValues.optional() })
    .catchall(z.record(z.string().min(1), z.array(z.string().min(1)).min(1)))
    .optional(),
  /** ISO 4217 code of the amounts in this file; by default the config's currency. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
});

export type SourceConfig = z.infer<typeof sourceSchema>;

const sourcesShape = Object.fromEntries(
  Object.keys(CANONICAL).map((t) => [t, t === 'accounts' ? sourceSchema : sourceSchema.optional()]),
) as { accounts: typeof sourceSchema } & Record<
  Exclude<TableName, 'accounts'>,
  z.ZodOptional<typeof sourceSchema>
>;

/** How customer value is computed; echoed in every output that uses it. */
export const valueSchema = z.strictObject({
  /** The date figures are computed at, YYYY-MM-DD; by default the latest date in the data. */
  as_of: z.iso.date().optional(),
  /** Share of revenue kept after the cost of goods, before support costs. */
  gross_margin: z.number().min(0).max(1).default(0.8),
  /** Cost of one minute of support handling, in the config's currency. */
  support_cost_per_minute: z.number().min(0).default(1),
  /** Cost of one ticket, used when tickets carry no handling minutes. */
  support_cost_per_ticket: z.number().min(0).default(30),
  /** One-off cost of bringing a customer on board, counted once per customer. */
  onboarding_cost: z.number().min(0).default(0),
  /** With invoices: no invoice for this many days before as_of means the customer churned. */
  churn_after_days: z.number().int().positive().default(45),
});

export type ValueConfig = z.infer<typeof valueSchema>;

/** What "ideal" means: the target discovery learns to recognise. */
export const targetSchema = z.strictObject({
  /**
   * ideal: pays a lot, demands little, stays (needs revenue); won: deals won against lost;
   * retained: customers that did not churn.
   */
  kind: z.enum(['ideal', 'won', 'retained']).default('ideal'),
  /** ideal: the top share of retained customers by net value per month. */
  top_share: z.number().gt(0).lt(1).default(0.2),
  /** ideal: cost to serve must stay below this share of revenue. */
  max_cost_share: z.number().min(0).max(1).default(0.25),
});

export type TargetConfig = z.infer<typeof targetSchema>;

/** How discovery runs. */
export const discoverSchema = z.strictObject({
  /** Columns suspected of leakage that you keep anyway (by attribute name). */
  keep: z.array(z.string()).default([]),
  /** Columns never to use as attributes. */
  exclude: z.array(z.string()).default([]),
  seed: z.number().int().nonnegative().default(1),
  folds: z.number().int().min(2).max(20).default(5),
  max_attributes: z.number().int().positive().default(20),
});

export type DiscoverConfig = z.infer<typeof discoverSchema>;

/** How the voice of the customer is read (docs/voc.md). */
export const vocSchema = z.strictObject({
  /**
   * A ticket whose type or one of whose tags is one of these (compared ignoring case and
   * punctuation: "Feature Request" = "feature_request") is a feature request.
   */
  request_tags: z
    .array(z.string().min(1))
    .default(['feature request', 'feature requests', 'enhancement', 'idea', 'product idea']),
  /** A phrase becomes a theme when at least this many accounts use it. */
  min_accounts: z.number().int().min(2).default(5),
  /** At most this many themes per kind of text (complaints, praise, lost reasons). */
  max_themes: z.number().int().min(1).max(200).default(30),
  /** Example quotes shown per theme. */
  quotes: z.number().int().min(0).max(20).default(3),
});

export type VocConfig = z.infer<typeof vocSchema>;

/** The schema of icp.config.yaml. */
export const configSchema = z.strictObject({
  version: z.literal(1).default(1),
  /** A label for reports. */
  name: z.string().optional(),
  /** ISO 4217 code of amounts unless a source says otherwise. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD'),
  sources: z.strictObject(sourcesShape),
  value: valueSchema.prefault({}),
  target: targetSchema.prefault({}),
  discover: discoverSchema.prefault({}),
  voc: vocSchema.prefault({}),
});

export type IcpConfig = z.infer<typeof configSchema>;
export type IcpConfigInput = z.input<typeof configSchema>;
