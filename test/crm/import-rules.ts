/**
 * The vendors' documented rules for an import file that updates existing records, written
 * down independently of the code that writes the files, so a test can hold the files to them.
 *
 * HubSpot ("Set up import files" and "Update existing records via import" in HubSpot's
 * knowledge base): a .csv with one header row, each header a property (label or internal
 * name), fewer than 1,000 columns, UTF-8, at most 1,048,576 rows and 512 MB per file; existing
 * companies are matched by "Record ID"; number properties take digits with a "." decimal and
 * no thousands separator or currency sign.
 *
 * Salesforce (Data Import Wizard help: "What Is Imported for Business Accounts and Contacts",
 * "General Importing Questions"): a CSV of at most 50,000 records and 100 MB; matching by
 * Salesforce ID updates the record whose id equals the file's (case-sensitive for 15
 * characters; the 18-character form is case-safe); custom fields are named by API name
 * ending in __c; the file's encoding is chosen in the wizard (UTF-8 here).
 *
 * Both: no cell may look like a spreadsheet formula (OWASP CSV injection), and an id column
 * repeated or empty would update the wrong record or none.
 */

export type Vendor = 'hubspot' | 'salesforce';

const RULES = {
  hubspot: { id: 'Record ID', maxRows: 1_048_576, maxBytes: 512 * 1024 * 1024 },
  salesforce: { id: 'Account ID', maxRows: 50_000, maxBytes: 100 * 1024 * 1024 },
} as const;

/** Fields the engine writes and what each holds. */
const FIELDS = {
  hubspot: { icp_score: 'number', icp_tier: 'tier', icp_reasons: 'text', icp_id: 'text' },
  salesforce: {
    ICP_Score__c: 'number',
    ICP_Tier__c: 'tier',
    ICP_Reasons__c: 'text',
    ICP_Id__c: 'text',
  },
} as const;

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The 18-character form of a 15-character Salesforce id, as Salesforce documents it. */
function id18(id15: string): string {
  let suffix = '';
  for (const chunk of [0, 5, 10]) {
    let bits = 0;
    for (let i = 4; i >= 0; i--) bits = bits * 2 + (/[A-Z]/.test(id15[chunk + i]!) ? 1 : 0);
    suffix += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'.charAt(bits);
  }
  return id15 + suffix;
}

/** Every rule the file breaks, as sentences; empty when the import would take it. */
export function importViolations(vendor: Vendor, bytes: Uint8Array): string[] {
  const out: string[] = [];
  const rules = RULES[vendor];
  if (bytes.length > rules.maxBytes) out.push(`larger than ${rules.maxBytes} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return [...out, 'not UTF-8'];
  }
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows[0];
  if (!header) return [...out, 'no header row'];
  const data = rows.slice(1);
  if (header.length >= 1000) out.push('1,000 columns or more');
  if (data.length > rules.maxRows) out.push(`${data.length} rows, over ${rules.maxRows}`);
  const fields: Record<string, string> = FIELDS[vendor];
  for (const h of header) {
    if (h === rules.id) continue;
    const form =
      vendor === 'hubspot'
        ? /^[a-z][a-z0-9_]*$/.test(h)
        : /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__c$/.test(h) && h.length <= 43;
    if (!form) out.push(`header "${h}" is not a ${vendor} internal property / field API name`);
    else if (!fields[h]) out.push(`header "${h}" is not a field the engine writes`);
  }
  const idAt = header.indexOf(rules.id);
  if (idAt < 0) out.push(`no "${rules.id}" column`);
  const seen = new Set<string>();
  data.forEach((row, i) => {
    const at = `row ${i + 2}`;
    if (row.length !== header.length)
      out.push(`${at}: ${row.length} fields, the header has ${header.length}`);
    const id = row[idAt] ?? '';
    if (idAt >= 0) {
      if (id === '') out.push(`${at}: empty id`);
      else if (vendor === 'hubspot' && !/^[1-9][0-9]*$/.test(id))
        out.push(`${at}: "${id}" is not a HubSpot record id`);
      else if (
        vendor === 'salesforce' &&
        !(/^001[A-Za-z0-9]{15}$/.test(id) && id18(id.slice(0, 15)) === id)
      )
        out.push(`${at}: "${id}" is not an 18-character Account id`);
      if (seen.has(id.toLowerCase())) out.push(`${at}: id "${id}" repeated`);
      seen.add(id.toLowerCase());
    }
    header.forEach((h, k) => {
      const v = row[k] ?? '';
      const kind = fields[h];
      if (kind === 'number' && !/^-?[0-9]+(\.[0-9]+)?$/.test(v))
        out.push(`${at}, ${h}: "${v}" is not a plain number`);
      // The engine's tiers: A to D, or unknown when too little of the scorecard is known.
      if (kind === 'tier' && !['A', 'B', 'C', 'D', 'unknown'].includes(v))
        out.push(`${at}, ${h}: "${v}" is not a tier`);
      if (kind !== 'number' && /^[=+\-@\t\r]/.test(v))
        out.push(`${at}, ${h}: "${v}" looks like a formula`);
    });
  });
  return out;
}
