/**
 * Attributes discovery computes from tables other than accounts (pipeline/discover's
 * prepareAttributes names them so): a file of accounts has no column for them, so scoring such
 * a file alone scores them as missing. Commands that score a file say so, and point to --config.
 */

/** Where a derived attribute comes from, in words; null for an attribute of the accounts table. */
export function derivedFrom(attribute: string): string | null {
  if (attribute === 'Contacts') return 'the contacts table (contacts per account)';
  const role = /^Has (.+)$/.exec(attribute)?.[1];
  return role ? `the contacts table (whether a contact's role is ${role})` : null;
}

/**
 * The sentence for attributes a file lacks that come from other tables, or '' when none does.
 *
 * @example derivedNote(['Contacts', 'Industry'], 'diff') // => "Contacts comes from the contacts table ..."
 */
export function derivedNote(absent: readonly string[], fix: string): string {
  const derived = absent.filter((a) => derivedFrom(a) !== null);
  if (derived.length === 0) return '';
  const names =
    derived.length === 1
      ? derived[0]
      : `${derived.slice(0, -1).join(', ')} and ${derived[derived.length - 1]}`;
  return `${names} ${derived.length === 1 ? 'comes' : 'come'} from the contacts table, not from one file of accounts: ${fix}`;
}

/**
 * The comment `icp sql` prints above a SELECT compiled without the table's columns: which
 * columns it reads (named exactly as the ICP names them), which of them come from other tables,
 * and how to score a table that lacks some. SQL comments run in every dialect.
 */
export function sqlColumnsComment(
  icpId: string,
  table: string,
  attributes: readonly { readonly name: string; readonly kind: 'numeric' | 'categorical' }[],
): string {
  const lines = [
    `-- Scores ${table} against ICP ${icpId}. It reads these columns of ${table}, named exactly so:`,
    ...attributes.map((a) => {
      const from = derivedFrom(a.name);
      return `--   "${a.name}" (${a.kind === 'numeric' ? 'a number' : 'text'})${from ? `: computed from ${from}; add it to the table (a view joining it) or it cannot be read` : ''}`;
    }),
    `-- A column ${table} lacks makes the database stop ("column not found"): pass the table's columns with`,
    '-- --columns a,b,c and the attributes without one are scored as missing.',
  ];
  return `${lines.join('\n')}\n`;
}
