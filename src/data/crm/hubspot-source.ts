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
  HUBSPOT_ACCOUNT_COLUMNS,
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
export function hubspotSource(api: HubSpotApi, fields: readonly string[]): PullSource {
  const stages = new Map<string, StageDefinition>();
  const labels = new Map<string, Map<string, string>>();
  const unknownStages = new Map<string, number>();
  const notes: string[] = [];
  let extra: FileColumn[] = [];
  /** The ICP properties that exist on companies (read for the snapshot). */
  let icpProperties: string[] = [];

  const cx: HubSpotContext = {
    label(object, property, value) {
      const options = labels.get(`${object}.${property}`);
      if (value === null || !options) return value;
      return value
        .split(';')
        .map((x) => options.get(x) ?? x)
        .join('; ');
    },
    stage(pipeline, stage) {
      const key = `${pipeline ?? ''}/${stage ?? ''}`;
      const s = stages.get(key);
      if (!s) unknownStages.set(key, (unknownStages.get(key) ?? 0) + 1);
      return s;
    },
    get extra() {
      return extra;
    },
  };

  const rowsOf = async (object: HubSpotObjectName, records: readonly HubSpotRecord[]) => {
    const ids = records.map((r) => r.id);
    switch (object) {
      case 'companies':
        return companyRows(records, cx);
      case 'deals':
        return dealRows(
          records,
          await api.associations('deals', 'companies', ids),
          await api.associations('deals', 'contacts', ids),
          cx,
        );
      case 'tickets':
        return ticketRows(records, await api.associations('tickets', 'companies', ids), cx);
      case 'contacts':
        return contactRows(records, cx);
      default: {
        const never: never = object;
        throw new Error(`unknown object ${String(never)}`);
      }
    }
  };

  const propertiesOf = (o: HubSpotObjectName) => [
    ...HUBSPOT_OBJECTS[o].properties,
    HUBSPOT_OBJECTS[o].modified,
    ...(o === 'companies' ? [...extra.map((c) => c.name), ...icpProperties] : []),
  ];

  return {
    vendor: 'hubspot',
    http: api.http,
    objects: (Object.keys(HUBSPOT_OBJECTS) as HubSpotObjectName[]).map((name) => ({
      name,
      table: HUBSPOT_OBJECTS[name].table,
    })),
    get files() {
      return hubspotFiles(extra);
    },
    async prepare() {
      for (const object of Object.keys(HUBSPOT_OBJECTS) as HubSpotObjectName[]) {
        const properties = await api.properties(object);
        for (const p of properties)
          if (p.options && p.options.length > 0)
            labels.set(`${object}.${p.name}`, new Map(p.options.map((o) => [o.value, o.label])));
        if (object !== 'companies') continue;
        const icp = Object.values(ICP_FIELDS.hubspot);
        icpProperties = icp.filter((n) => properties.some((p) => p.name === n));
        extra = namedFieldColumns(fields, properties, {
          object: 'HubSpot companies',
          kinds: (t) =>
            t === 'number' ? 'DOUBLE' : t === 'date' || t === 'datetime' ? 'DATE' : 'VARCHAR',
          taken: [
            ...HUBSPOT_OBJECTS.companies.properties,
            ...HUBSPOT_ACCOUNT_COLUMNS.map((c) => c.name),
            'modified_at',
            ...icp,
          ],
          how: "Name company properties by their internal name (Settings > Properties > the property's details).",
        });
      }
      for (const pipeline of await api.pipelines('deals')) {
        const described: string[] = [];
        for (const s of [...pipeline.stages].sort((a, b) => a.displayOrder - b.displayOrder)) {
          const closed = s.metadata.isClosed === 'true';
          const stage = !closed ? 'open' : Number(s.metadata.probability) >= 1 ? 'won' : 'lost';
          stages.set(`${pipeline.id}/${s.id}`, { stage, label: s.label, pipeline: pipeline.label });
          described.push(`${s.label} = ${stage}`);
        }
        notes.push(`deal pipeline "${pipeline.label}": ${described.join(', ')}`);
      }
    },
    start: (_object, since) => (since === null ? { mode: 'list' } : { mode: 'search', since }),
    async page(object, cursor) {
      const o = object as HubSpotObjectName;
      const properties = propertiesOf(o);
      const after = typeof cursor.after === 'string' ? cursor.after : undefined;
      let page: HubSpotPage;
      let total: number | undefined;
      let next: PageCursor | null;
      if (cursor.mode === 'list') {
        if (after === undefined) total = await api.count(o);
        page = await api.list(o, properties, after);
        next = page.paging?.next ? { mode: 'list', after: page.paging.next.after } : null;
      } else {
        const modified = HUBSPOT_OBJECTS[o].modified;
        const since = Number(cursor.since);
        page = await api.modifiedSince(o, modified, since, properties, after);
        if (after === undefined && cursor.restarted === undefined) total = page.total;
        next = searchNext(o, modified, since, page);
      }
      return {
        rows: await rowsOf(o, page.results),
        records: page.results.length,
        next,
        ...(total === undefined ? {} : { total }),
      } satisfies FetchedPage;
    },
    notes: () => notes,
    warnings: () =>
      [...unknownStages].map(([key, n]) => {
        const [pipeline, stage] = key.split('/');
        return `${n} deal${n === 1 ? ' is' : 's are'} in stage "${stage}" of pipeline "${pipeline}", which no deal pipeline defines: counted as open.`;
      }),
  };
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
