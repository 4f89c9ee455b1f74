import { ACCOUNT_COLUMNS } from './crm-files.js';
import type { FileColumn } from './canonical-files.js';
import { CrmApiError } from './crm-http.js';
import { ICP_FIELDS } from './crm-vendor.js';
import { toEpochMs } from './crm-values.js';
import { namedFieldColumns } from './named-fields.js';
import type { FetchedPage, PullSource } from './pull-source.js';
import type { PageCursor } from './pull-stage.js';
import type { SalesforceApi, SalesforceQueryPage } from './salesforce-api.js';
import {
  SALESFORCE_OBJECTS,
  type SalesforceObjectName,
  salesforceFiles,
  salesforceRows,
} from './salesforce-rows.js';

/** A SOQL datetime literal (seconds; SOQL takes no fractions), rounded down. */
function soqlDateTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * A pull from Salesforce: Account, Opportunity (won / lost / open from its own IsClosed and
 * IsWon), Case, Contact and OpportunityContactRole, through SOQL queries ordered by Id (full)
 * or SystemModstamp (changes since the last pull). `fields` are extra Account fields.
 */
export class SalesforceSource implements PullSource {
  readonly vendor = 'salesforce';
  readonly objects = (Object.keys(SALESFORCE_OBJECTS) as SalesforceObjectName[]).map((name) => ({
    name,
    table: SALESFORCE_OBJECTS[name].table,
  }));
  /** The named Account fields, as columns (known after prepare). */
  private extra: FileColumn[] = [];
  /** The ICP fields that exist on Account (read for the snapshot). */
  private icpFields: string[] = [];
  private readonly stageNotes: string[] = [];

  constructor(
    private readonly api: SalesforceApi,
    private readonly fields: readonly string[],
  ) {}

  get http() {
    return this.api.http;
  }

  get files() {
    return salesforceFiles(this.extra);
  }

  async prepare(): Promise<void> {
    const described = await this.api.describe('Account');
    const icp = Object.values(ICP_FIELDS.salesforce);
    this.icpFields = icp.filter((n) => described.some((f) => f.name === n));
    this.extra = namedFieldColumns(this.fields, described, {
      object: 'Salesforce Account',
      kinds: (t) =>
        ['double', 'currency', 'percent', 'int', 'long'].includes(t)
          ? 'DOUBLE'
          : t === 'date' || t === 'datetime'
            ? 'DATE'
            : 'VARCHAR',
      taken: [
        ...SALESFORCE_OBJECTS.Account.fields,
        'SystemModstamp',
        ...icp,
        ...ACCOUNT_COLUMNS.map((c) => c.name),
      ],
      how: 'Name Account fields by their API name (Setup > Object Manager > Account > Fields & Relationships), e.g. Region__c.',
    });
    const stages = await this.api.query(
      'SELECT MasterLabel, IsClosed, IsWon FROM OpportunityStage ORDER BY SortOrder',
    );
    const words = stages.records.map(
      (s) =>
        `${String(s.MasterLabel)} = ${s.IsWon === true ? 'won' : s.IsClosed === true ? 'lost' : 'open'}`,
    );
    this.stageNotes.push(`opportunity stages: ${words.join(', ')}`);
  }

  start(_object: string, since: number | null): PageCursor {
    return since === null ? { mode: 'full' } : { mode: 'since', since };
  }

  async page(object: string, cursor: PageCursor): Promise<FetchedPage> {
    const o = object as SalesforceObjectName;
    let page: SalesforceQueryPage | undefined;
    const fresh = cursor.next === undefined;
    if (!fresh) {
      try {
        page = await this.api.queryMore(String(cursor.next));
      } catch (error) {
        // A query locator lives about 15 minutes: after a pause (or a resumed pull) the
        // listing starts again after the last record read.
        if (!(error instanceof CrmApiError)) throw error;
      }
    }
    page ??= await this.api.query(this.soql(o, cursor));
    return {
      rows: salesforceRows(o, page.records, this.extra),
      records: page.records.length,
      next: nextCursor(o, cursor, page),
      ...(fresh && cursor.after === undefined ? { total: page.totalSize } : {}),
    };
  }

  notes(): readonly string[] {
    return this.stageNotes;
  }

  warnings(): readonly string[] {
    return [];
  }

  /** The query of a listing from `cursor`: by Id (full) or by SystemModstamp (changes). */
  private soql(o: SalesforceObjectName, cursor: PageCursor): string {
    const names = [
      ...SALESFORCE_OBJECTS[o].fields,
      'SystemModstamp',
      ...(o === 'Account' ? [...this.extra.map((c) => c.name), ...this.icpFields] : []),
    ];
    const select = `SELECT ${names.join(', ')} FROM ${o}`;
    if (cursor.mode === 'full') {
      // Ids are letters and digits; anything else never reaches the query.
      const after = String(cursor.after ?? '').replace(/[^A-Za-z0-9]/g, '');
      return `${select}${after === '' ? '' : ` WHERE Id > '${after}'`} ORDER BY Id`;
    }
    return `${select} WHERE SystemModstamp >= ${soqlDateTime(Number(cursor.since))} ORDER BY SystemModstamp, Id`;
  }
}

/** Where the listing goes on: the query locator, and the last record read to start over from. */
function nextCursor(
  o: SalesforceObjectName,
  cursor: PageCursor,
  page: SalesforceQueryPage,
): PageCursor | null {
  const last = page.records.at(-1);
  if (page.done || !page.nextRecordsUrl || !last) return null;
  if (cursor.mode === 'full')
    return { mode: 'full', after: String(last.Id), next: page.nextRecordsUrl };
  const stamp = toEpochMs(
    last.SystemModstamp,
    () => `Salesforce ${o} ${String(last.Id)}, field SystemModstamp`,
  );
  return { mode: 'since', since: stamp ?? Number(cursor.since), next: page.nextRecordsUrl };
}
