/**
 * A problem found in input data, as data: the CLI prints `message`, `--json` returns the
 * whole object. `code` is stable; the wording is not part of the contract.
 */
export type DataIssueCode =
  | 'empty_file'
  | 'missing_column'
  | 'unknown_column'
  | 'missing_key'
  | 'duplicate_key'
  | 'bad_number'
  | 'bad_integer'
  | 'bad_date'
  | 'out_of_range'
  | 'negative'
  | 'date_order'
  | 'future_date'
  | 'unknown_stage'
  | 'orphan'
  | 'missing_reference'
  | 'open_without_account'
  | 'stage_guess'
  | 'date_format_guess'
  | 'duplicate_name'
  | 'encoding'
  | 'line_endings'
  | 'single_column'
  | 'weak_link'
  | 'nul_bytes'
  | 'duplicate_header'
  /** A record id that is not in the form its CRM uses (icp score --for, icp push). */
  | 'bad_id'
  | 'unreadable_cells'
  | 'likely_synonym'
  /** A money amount 1,000 times the next largest of its column (amount-outliers.ts). */
  | 'outlier';

export interface DataIssue {
  readonly severity: 'error' | 'warning';
  readonly code: DataIssueCode;
  /** Canonical table, e.g. "deals". */
  readonly table: string;
  /** The file as the user named it in the config (relative path). */
  readonly file: string;
  /** Row as a spreadsheet shows it (the header is row 1) for text files; record number otherwise. */
  readonly row?: number;
  /** The source header. */
  readonly column?: string;
  readonly value?: string;
  /** How many rows share this issue (the row and value are the first one). */
  readonly count: number;
  /** One complete sentence or two: where, what, and the fix. */
  readonly message: string;
}

/** Formats a count with thousands separators, the way every message does. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `1 row` or `2,671 rows`. */
export function formatRows(n: number): string {
  return `${formatCount(n)} row${n === 1 ? '' : 's'}`;
}

/** `row 12` or `rows 12, 40 and 7 more`: the place part of a message. */
export function describeRows(firstRows: readonly number[], count: number): string {
  if (count <= 1) return `row ${firstRows[0] ?? '?'}`;
  const shown = firstRows.slice(0, 3).join(', ');
  const more = count - Math.min(firstRows.length, 3);
  return more > 0 ? `rows ${shown} and ${formatCount(more)} more` : `rows ${shown}`;
}
