import { ACCOUNT_COLUMNS } from './crm-files.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { FileColumn } from './canonical-files.js';
import { ICP_FIELDS } from './crm-vendor.js';
import {
  type HubSpotApi,
  type HubSpotPage,
  type HubSpotRecord,
  SEARCH_RESULT_CAP,
} from './hubspot-api.js';
import {
  companyRows,
  contactRows,
  dealRows,
  HUBSPOT_OBJECTS,
  type HubSpotContext,
  type HubSpotObjectName,
  hubspotFiles,
  type StageDefinition,
  ticketRows,
} from './hubspot-rows.js';
import { namedFieldColumns } from './named-fields.js';
import type { FetchedPage, PullSource } from './pull-source.js';
import type { PageCursor } from './pull-stage.js';

/**
 * A pull from HubSpot: companies, deals (stages resolved through the pipelines' metadata, so
 * won / lost / open need no mapping), tickets and contacts, with the deals' and tickets'
 * companies and the deals' contacts from the v4 associations. `fields` are extra company
 * properties to read. Full pulls page through the objects' listings; incremental ones
 * through a search on the last-modified date.
 */
export class HubSpotSource implements PullSource, HubSpotContext {
  readonly vendor = 'hubspot';
  readonly objects = (Object.keys(HUBSPOT_OBJECTS) as HubSpotObjectName[]).map((name) => ({
    name,
    table: HUBSPOT_OBJECTS[name].table,
  }));
  /** The named company properties, as columns (known after prepare). */
  extra: FileColumn[] = [];
  private readonly stages = new Map<string, StageDefinition>();
  /** Per "object.property": enumeration value -> label. */
  private readonly labels = new Map<string, Map<string, string>>();
  private readonly unknownStages = new Map<string, number>();
  private readonly stageNotes: string[] = [];
  /** The ICP properties that exist on companies (read for the snapshot). */
  private icpProperties: string[] = [];

  constructor(
    private readonly api: HubSpotApi,
    private readonly fields: readonly string[],
  ) {}

  get http() {
    return this.api.http;
  }

  get files() {
    return hubspotFiles(this.extra);
  }

  label(object: HubSpotObjectName, property: string, value: string | null): string | null {
    const options = this.labels.get(`${object}.${property}`);
    if (value === null || !options) return value;
    return value
      .split(';')
      .map((x) => options.get(x) ?? x)
      .join('; ');
  }

  stage(pipeline: string | null, stage: string | null): StageDefinition | undefined {
    const key = `${pipeline ?? ''}/${stage ?? ''}`;
    const s = this.stages.get(key);
    if (!s) this.unknownStages.set(key, (this.unknownStages.get(key) ?? 0) + 1);
    return s;
  }

  async prepare(): Promise<void> {
    for (const object of Object.keys(HUBSPOT_OBJECTS) as HubSpotObjectName[]) {
      const properties = await this.api.properties(object);
      for (const p of properties)
        if (p.options && p.options.length > 0)
          this.labels.set(`${object}.${p.name}`, new Map(p.options.map((o) => [o.value, o.label])));
      if (object !== 'companies') continue;
      const icp = Object.values(ICP_FIELDS.hubspot);
      this.icpProperties = icp.filter((n) => properties.some((p) => p.name === n));
      this.extra = namedFieldColumns(this.fields, properties, {
        object: 'HubSpot companies',
        kinds: (t) =>
          t === 'number' ? 'DOUBLE' : t === 'date' || t === 'datetime' ? 'DATE' : 'VARCHAR',
        taken: [
          ...HUBSPOT_OBJECTS.companies.properties,
          ...ACCOUNT_COLUMNS.map((c) => c.name),
          'modified_at',
          ...icp,
        ],
        how: "Name company properties by their internal name (Settings > Properties > the property's details).",
      });
    }
    for (const pipeline of await this.api.pipelines('deals')) {
      const described: string[] = [];
      for (const s of [...pipeline.stages].sort((a, b) => a.displayOrder - b.displayOrder)) {
        const closed = s.metadata.isClosed === 'true';
        const stage = !closed ? 'open' : Number(s.metadata.probability) >= 1 ? 'won' : 'lost';
        this.stages.set(`${pipeline.id}/${s.id}`, {
          stage,
          label: s.label,
          pipeline: pipeline.label,
        });
        described.push(`${s.label} = ${stage}`);
      }
      this.stageNotes.push(`deal pipeline "${pipeline.label}": ${described.join(', ')}`);
    }
  }

  start(_object: string, since: number | null): PageCursor {
    return since === null ? { mode: 'list' } : { mode: 'search', since };
  }

  async page(object: string, cursor: PageCursor): Promise<FetchedPage> {
    const o = object as HubSpotObjectName;
    const properties = [
      ...HUBSPOT_OBJECTS[o].properties,
      HUBSPOT_OBJECTS[o].modified,
      ...(o === 'companies' ? [...this.extra.map((c) => c.name), ...this.icpProperties] : []),
    ];
    const after = typeof cursor.after === 'string' ? cursor.after : undefined;
    let page: HubSpotPage;
    let total: number | undefined;
    let next: PageCursor | null;
    if (cursor.mode === 'list') {
      if (after === undefined) total = await this.api.count(o);
      page = await this.api.list(o, properties, after);
      next = page.paging?.next ? { mode: 'list', after: page.paging.next.after } : null;
    } else {
      const modified = HUBSPOT_OBJECTS[o].modified;
      const since = Number(cursor.since);
      page = await this.api.modifiedSince(o, modified, since, properties, after);
      if (after === undefined && cursor.restarted === undefined) total = page.total;
      next = searchNext(o, modified, since, page);
    }
    return {
      rows: await this.rowsOf(o, page.results),
      records: page.results.length,
      next,
      ...(total === undefined ? {} : { total }),
    };
  }

  notes(): readonly string[] {
    return this.stageNotes;
  }

  warnings(): readonly string[] {
    return [...this.unknownStages].map(([key, n]) => {
      const [pipeline, stage] = key.split('/');
      return `${n} deal${n === 1 ? ' is' : 's are'} in stage "${stage}" of pipeline "${pipeline}", which no deal pipeline defines: counted as open.`;
    });
  }

  private async rowsOf(object: HubSpotObjectName, records: readonly HubSpotRecord[]) {
    const ids = records.map((r) => r.id);
    switch (object) {
      case 'companies':
        return companyRows(records, this);
      case 'deals':
        return dealRows(
          records,
          await this.api.associations('deals', 'companies', ids),
          await this.api.associations('deals', 'contacts', ids),
          this,
        );
      case 'tickets':
        return ticketRows(records, await this.api.associations('tickets', 'companies', ids), this);
      case 'contacts':
        return contactRows(records, this);
      default: {
        const never: never = object;
        throw new Error(`unknown object ${String(never)}`);
      }
    }
  }
}

/**
 * The next search page. HubSpot's search stops paging at 10,000 results, so a longer listing
 * starts a new search from the last change seen (the overlap is merged away by id).
 */
function searchNext(
  object: string,
  modified: string,
  since: number,
  page: HubSpotPage,
): PageCursor | null {
  const after = page.paging?.next?.after;
  if (after === undefined) return null;
  if (Number(after) < SEARCH_RESULT_CAP) return { mode: 'search', since, after };
  const last = page.results.at(-1)?.properties[modified];
  const from = last ? Date.parse(last) || Number(last) : Number.NaN;
  if (!(from > since))
    throw new IcpError(
      'SOURCE',
      `HubSpot ${object}: more than ${SEARCH_RESULT_CAP.toLocaleString('en-US')} records changed at the same moment, which its search cannot page through. Run the pull with --full.`,
    );
  return { mode: 'search', since: from, restarted: 1 };
}
