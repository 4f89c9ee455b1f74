/**
 * What a column of the canonical model is (DESIGN.md): the type it must parse as, the export
 * headers recognised for it, its checks, and the helpers that write the table in canonical.ts
 * compactly.
 */

/** How a source value must parse. `stage` is a deal stage mapped to won / lost / open. */
export type ColumnType = 'id' | 'string' | 'integer' | 'number' | 'date' | 'stage';

export interface CanonicalColumn {
  readonly type: ColumnType;
  /** The column must exist in the source (its values may still be empty, unless `key`). */
  readonly required: boolean;
  /** Headers seen in real exports, compared after lower-casing and dropping non-alphanumerics. */
  readonly aliases: readonly string[];
  /** Negative values are an error (amounts, minutes, counts). */
  readonly nonNegative?: boolean;
  /** Inclusive numeric range, for scores such as NPS. */
  readonly range?: readonly [number, number];
  /** The account the row belongs to: checked against accounts (orphans). */
  readonly referencesAccount?: boolean;
  /**
   * A required column may be absent when one of these is present instead: billing and support
   * exports carry no CRM account id, only a name, a domain or an email to link by.
   */
  readonly requiredUnless?: readonly string[];
}

export interface CanonicalTable {
  /** The identifying column: must be filled and unique. */
  readonly key?: string;
  readonly columns: Readonly<Record<string, CanonicalColumn>>;
  /** Pairs [earlier, later] of date columns whose order is checked. */
  readonly dateOrder?: readonly (readonly [string, string])[];
  readonly description: string;
}

/** A column; its aliases written "a|b|c", as compact as the long lists allow. */
export const col = (
  type: ColumnType,
  aliases: string,
  extra: Partial<Omit<CanonicalColumn, 'type' | 'aliases'>> = {},
): CanonicalColumn => ({ type, required: false, aliases: aliases.split('|'), ...extra });

/** The columns a row can be linked to its account by, when it carries no account id. */
export const LINK_COLUMNS = ['account_name', 'account_domain', 'email'] as const;

/** The account reference of a table that points at accounts: an id, or a key to link by. */
export const accountRef = (aliases: string) => ({
  account_id: col('id', aliases, {
    required: true,
    referencesAccount: true,
    requiredUnless: LINK_COLUMNS,
  }),
  account_name: col(
    'string',
    'account name|company|company name|organization|organization name|organisation|customer name|client name',
  ),
  account_domain: col(
    'string',
    'account domain|company domain|company domain name|customer domain|requester domain|website|company website|domain',
  ),
  email: col(
    'string',
    'email|email address|customer email|billing email|requester email|user email|contact email',
  ),
});
