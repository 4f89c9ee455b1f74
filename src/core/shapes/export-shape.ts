import type { TableName } from '../model/canonical.js';

/**
 * A header a canonical column may come from, with the units its values are in: `scale`
 * multiplies numbers (0.01: cents to units), `epoch` reads unix times, `per` and `quantity`
 * name the interval and quantity columns a subscription amount is given per.
 */
export interface ShapeColumn {
  readonly header: string;
  readonly scale?: number;
  readonly epoch?: 'seconds' | 'milliseconds';
  readonly per?: string;
  readonly quantity?: string;
}

/** A header alone, or a header with its units. */
export type ShapeCandidate = string | ShapeColumn;

/**
 * The export of one object by one tool (HubSpot deals, Stripe invoices), as data: the headers
 * that mark it, and where each canonical column comes from. A new shape is a few lines.
 */
export interface ExportShape {
  /** Stable id, e.g. "hubspot-deals". */
  readonly id: string;
  /** The tool, e.g. "HubSpot". */
  readonly vendor: string;
  /** The object exported, in the tool's words, e.g. "deals". */
  readonly object: string;
  readonly table: TableName;
  /**
   * Headers typical of this export and rare elsewhere: matching them is the evidence that the
   * file is this shape. Headers shared by every export ("Amount", "Created") do not belong here.
   */
  readonly marks: readonly string[];
  /** Canonical column -> candidate headers, best first. */
  readonly columns: Readonly<Record<string, readonly ShapeCandidate[]>>;
  /**
   * Headers must match as written (case and punctuation): API field names ("amount_paid"),
   * whose units differ from the dashboard export of the same object ("Amount Paid").
   */
  readonly exact?: boolean;
  /** Yes/no columns that say a deal was won or is closed: stages are read from them. */
  readonly flags?: { readonly won?: readonly string[]; readonly closed?: readonly string[] };
  /** What a user must know about this export, said by `icp init` when it is recognised. */
  readonly caveat?: string;
  /**
   * Added to the score when two files want the same table: billing customers (-5) yield the
   * accounts table to the CRM's companies.
   */
  readonly rank?: number;
}
