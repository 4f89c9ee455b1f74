import { DataValidationError } from '../../core/errors/data-validation-error.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { type DataIssue, describeRows, formatCount } from '../../core/issues/data-issue.js';
import { normalizeHeader } from '../../core/model/canonical.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type CrmVendor, VENDOR_LABEL } from '../../data/crm/crm-vendor.js';
import { ACCOUNT_KEY_PREFIX, salesforceId18Sql } from '../../data/crm/salesforce-id.js';
import { type Database, num, str } from '../../data/db/database.js';

/**
 * Headers that hold the record id, most specific first: HubSpot's export calls it "Record ID"
 * (older exports "Company ID"), Salesforce's reports "Account ID"; `account_id` is the
 * column `icp pull` writes.
 */
const ID_HEADERS: Record<CrmVendor, readonly string[]> = {
  hubspot: ['Record ID', 'Company ID', 'hs_object_id', 'account_id'],
  salesforce: ['Account ID', 'AccountId', 'Id', 'account_id'],
};

/** What the id is called in each CRM, for messages. */
const ID_NAME: Record<CrmVendor, string> = {
  hubspot: 'HubSpot Record ID',
  salesforce: 'Salesforce Account ID',
};

/**
 * The column of `headers` holding the vendor's record id: `explicit` when given (it must
 * exist), else the first recognised header.
 */
export function findIdColumn(
  vendor: CrmVendor,
  headers: readonly string[],
  file: string,
  explicit?: string,
): string {
  if (explicit !== undefined) {
    if (headers.includes(explicit)) return explicit;
    throw new IcpError(
      'USAGE',
      `--id ${explicit}: ${file} has no such column (its columns: ${headers.join(', ')}). Pass the header exactly as written.`,
    );
  }
  for (const wanted of ID_HEADERS[vendor]) {
    const found = headers.find((h) => normalizeHeader(h) === normalizeHeader(wanted));
    if (found !== undefined) return found;
  }
  throw new IcpError(
    'USAGE',
    `${file}: no column holds the ${ID_NAME[vendor]} (looked for ${ID_HEADERS[vendor].map((h) => `"${h}"`).join(', ')}). Pass --id with the name of the column that holds it.`,
  );
}

/** SQL of the trimmed id, as text, in the 18-character form for Salesforce. */
export function recordIdSql(vendor: CrmVendor, column: string): string {
  const raw = `trim(CAST(${quoteIdent(column)} AS VARCHAR))`;
  return vendor === 'salesforce' ? salesforceId18Sql(raw) : raw;
}

/**
 * Checks every id in `table` (columns `_row`, the row as the user sees it, and `_id`, the id
 * as recordIdSql gives it) against the vendor's rules: filled in, in the vendor's form,
 * an account's, and not repeated. Throws a DataValidationError listing each problem.
 */
export async function checkRecordIds(
  db: Database,
  table: string,
  where: { vendor: CrmVendor; file: string; column: string },
): Promise<void> {
  const { vendor, file, column } = where;
  const place = (rows: readonly number[], count: number) =>
    `${file} ${describeRows(rows, count)}, column "${column}"`;
  const rules = idRules(vendor);
  const issues: DataIssue[] = [];
  let excluded = 'FALSE';
  for (const rule of rules) {
    // Each row is reported once, under the first rule it breaks.
    const rows = await db.all(
      `SELECT _row, _id, count(*) OVER () AS n FROM ${table} WHERE NOT (${excluded}) AND (${rule.when}) ORDER BY _row LIMIT 3`,
    );
    excluded = `${excluded} OR (${rule.when})`;
    if (rows.length === 0) continue;
    const count = num(rows[0]?.n);
    const value = str(rows[0]?._id) ?? '';
    issues.push({
      severity: 'error',
      code: rule.code,
      table: 'accounts',
      file,
      row: num(rows[0]?._row),
      column,
      value,
      count,
      message: `${place(
        rows.map((r) => num(r._row)),
        count,
      )}: ${rule.say(value)}`,
    });
  }
  const dupes = await db.all(
    `SELECT _id, count(*) AS n, list(_row ORDER BY _row)[1:3] AS rows, count(*) OVER () AS ids
     FROM ${table} WHERE NOT (${excluded}) GROUP BY _id HAVING count(*) > 1 ORDER BY min(_row) LIMIT 1`,
  );
  const dupe = dupes[0];
  if (dupe) {
    const rows = (dupe.rows as number[]).map(Number);
    const ids = num(dupe.ids);
    issues.push({
      severity: 'error',
      code: 'duplicate_key',
      table: 'accounts',
      file,
      row: rows[0] ?? 0,
      column,
      value: str(dupe._id) ?? '',
      count: ids,
      message: `${file} ${describeRows(rows, num(dupe.n))}, column "${column}": the id "${str(dupe._id)}" appears ${formatCount(num(dupe.n))} times${ids > 1 ? ` (and ${formatCount(ids - 1)} other ids repeat)` : ''}. The import would update the record more than once; keep one row per record.`,
    });
  }
  if (issues.length > 0) throw new DataValidationError(issues);
}

interface IdRule {
  readonly code: DataIssue['code'];
  /** SQL over `_id` true for the ids that break the rule. */
  readonly when: string;
  readonly say: (value: string) => string;
}

/** The vendor's rules for a record id, in the order they are reported. */
function idRules(vendor: CrmVendor): IdRule[] {
  const vendorName = VENDOR_LABEL[vendor];
  return [
    {
      code: 'missing_key',
      when: "_id IS NULL OR _id = ''",
      say: () =>
        `the id is empty. ${vendorName} updates a record only by its id: fill it in, or leave the row out.`,
    },
    ...(vendor === 'hubspot'
      ? [
          {
            code: 'bad_id' as const,
            when: "NOT regexp_full_match(_id, '[0-9]+')",
            say: (v: string) =>
              `"${v}" is not a HubSpot Record ID (digits only). Export the companies from HubSpot with their Record ID, or pass --id with the column that holds it.`,
          },
        ]
      : [
          {
            code: 'bad_id' as const,
            when: "NOT regexp_full_match(_id, '[A-Za-z0-9]{18}')",
            say: (v: string) =>
              `"${v}" is not a Salesforce id (15 or 18 letters and digits). Copy the Account ID from a Salesforce report or export of accounts, or pass --id with the column that holds it.`,
          },
          {
            code: 'bad_id' as const,
            when: `${salesforceId18Sql('left(_id, 15)')} <> _id`,
            say: (v: string) =>
              `"${v}" is not a Salesforce id: its last three characters do not match the case of the first fifteen (was it retyped or changed to capitals?). Copy the Account ID from Salesforce again.`,
          },
          {
            code: 'bad_id' as const,
            when: `left(_id, 3) <> '${ACCOUNT_KEY_PREFIX}'`,
            say: (v: string) =>
              `"${v}" is not an Account id (Account ids start with ${ACCOUNT_KEY_PREFIX}). Score the accounts, not contacts, leads or opportunities.`,
          },
        ]),
  ];
}
