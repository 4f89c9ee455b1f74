import type { CanonicalFile } from './canonical-files.js';
import type { CrmHttp } from './crm-http.js';
import type { CrmVendor } from './crm-vendor.js';
import type { PageCursor } from './pull-stage.js';

/** One kind of CRM record a pull reads (companies, Opportunity, ...), into one canonical table. */
export interface PullObject {
  /** The vendor's name for it: "companies", "Opportunity". */
  readonly name: string;
  readonly table: string;
}

/** One page of records, as canonical rows per table (a page of deals also fills deal_contacts). */
export interface FetchedPage {
  readonly rows: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  /** Records of the object in the page. */
  readonly records: number;
  /** Where the next page starts; null after the last one. */
  readonly next: PageCursor | null;
  /** How many records the listing holds, when the API says (first page). */
  readonly total?: number;
}

/**
 * What a pull needs of a vendor: the objects it reads in order, the canonical files they
 * fill, and pages of canonical rows. The pull itself (checkpoints, files, config) is the
 * same for every vendor.
 */
export interface PullSource {
  readonly vendor: CrmVendor;
  readonly http: CrmHttp;
  readonly objects: readonly PullObject[];
  readonly files: readonly CanonicalFile[];
  /** Reads what pages need (stage definitions, property types); checks the named fields. */
  prepare(): Promise<void>;
  /** The first page of an object: every record, or those changed since `since` (epoch ms). */
  start(object: string, since: number | null): PageCursor;
  page(object: string, cursor: PageCursor): Promise<FetchedPage>;
  /** Lines for the written config's header: the stage definitions read, in words. */
  notes(): readonly string[];
  /** Things the user should know (deals in stages no pipeline defines, ...). */
  warnings(): readonly string[];
}
