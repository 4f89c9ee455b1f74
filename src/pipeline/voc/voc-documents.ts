import type { VocConfig } from '../../core/config/schema.js';
import type { TableName } from '../../core/model/canonical.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import type { VocLens, VocSourceCount } from '../../core/text/voc-result.js';
import { num, str } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';

/** The table of every text document, one row each, that themes are read from. */
export const DOCS_TABLE = '_voc_docs';

/** Characters of a document read for phrases: a long e-mail thread says its subject early. */
export const READ_CHARS = 2000;

/** Letters and digits of a label, lower case: "Feature Request" and "feature_request" agree. */
const key = (sql: string) => `regexp_replace(lower(${sql}), '[^a-z0-9]', '', 'g')`;

interface Part {
  readonly table: TableName;
  readonly source: string;
  readonly lens: string;
  readonly text: string;
  readonly date: string;
  readonly score?: string;
  readonly where?: string;
}

type Has = (t: TableName, c: string) => boolean;

/** "Subject. Body", without a second stop after a subject that ends in one ("Help?"). */
function joinedText(has: Has, t: TableName, cols: readonly string[]): string | undefined {
  const [a, b] = cols.filter((c) => has(t, c));
  if (a === undefined) return undefined;
  if (b === undefined) return a;
  return `CASE WHEN ${a} IS NULL THEN ${b} WHEN ${b} IS NULL THEN ${a} ELSE ${a} || CASE WHEN regexp_matches(${a}, '[.?!:;]$') THEN ' ' ELSE '. ' END || ${b} END`;
}

const dateOf = (has: Has, t: TableName, c: string) => (has(t, c) ? c : 'NULL::DATE');

/** Tickets: subject and body; a ticket whose type or a tag is one of `request_tags` is a request. */
function ticketPart(has: Has, settings: VocConfig): Part | undefined {
  const ticketText = joinedText(has, 'tickets', ['subject', 'body']);
  if (!ticketText) return undefined;
  const tags = settings.request_tags.map((t) =>
    quoteLiteral(t.toLowerCase().replace(/[^a-z0-9]/g, '')),
  );
  const checks = [
    ...(has('tickets', 'type') ? [`${key('type')} IN (${tags.join(', ')})`] : []),
    ...(has('tickets', 'tags')
      ? [
          `list_has_any(list_transform(string_split_regex(tags, CASE WHEN regexp_matches(tags, '[,;|]') THEN '\\s*[,;|]\\s*' ELSE '\\s+' END), x -> ${key('x')}), [${tags.join(', ')}])`,
        ]
      : []),
  ];
  const isRequest = checks.length > 0 ? `coalesce(${checks.join(' OR ')}, false)` : 'false';
  return {
    table: 'tickets',
    source: `CASE WHEN ${isRequest} THEN 'request' ELSE 'ticket' END`,
    lens: `'raised'`,
    text: ticketText,
    date: dateOf(has, 'tickets', 'created_at'),
  };
}

/** One part per kind of text the loaded tables hold, in a fixed order. */
function documentParts(has: Has, settings: VocConfig): Part[] {
  const parts: Part[] = [];
  const ticket = ticketPart(has, settings);
  if (ticket) parts.push(ticket);
  const requestText = joinedText(has, 'requests', ['title', 'body']);
  if (requestText)
    parts.push({
      table: 'requests',
      source: `'request'`,
      lens: `'raised'`,
      text: requestText,
      date: dateOf(has, 'requests', 'created_at'),
    });
  if (has('feedback', 'comment'))
    parts.push({
      table: 'feedback',
      source: `'comment'`,
      lens: `CASE WHEN score >= 9 THEN 'praised' ELSE 'raised' END`,
      text: 'comment',
      date: dateOf(has, 'feedback', 'date'),
      score: 'score',
    });
  if (has('deals', 'lost_reason'))
    parts.push({
      table: 'deals',
      source: `'lost reason'`,
      lens: `'lost'`,
      text: 'lost_reason',
      date: dateOf(has, 'deals', 'closed_at'),
      where: `stage = 'lost'`,
    });
  if (has('deals', 'won_reason'))
    parts.push({
      table: 'deals',
      source: `'won reason'`,
      lens: `'praised'`,
      text: 'won_reason',
      date: dateOf(has, 'deals', 'closed_at'),
      where: `stage = 'won'`,
    });
  const churnText = joinedText(has, 'churn_events', ['reason', 'comment']);
  if (churnText)
    parts.push({
      table: 'churn_events',
      source: `'churn reason'`,
      lens: `'raised'`,
      text: churnText,
      date: dateOf(has, 'churn_events', 'date'),
    });
  if (has('activities', 'notes'))
    parts.push({
      table: 'activities',
      source: `'call note'`,
      lens: `'raised'`,
      text: 'notes',
      date: dateOf(has, 'activities', 'date'),
    });
  return parts;
}

/**
 * Gathers the text of every table into `_voc_docs` (doc_id, account_id, acc_no, source,
 * stratum, lens, date, score, text), in DuckDB: tickets (subject and body; a ticket whose type or a tag is one
 * of `request_tags` is a feature request), requests, NPS comments (0-8 in "raised", 9-10 in
 * "praised"), lost and won reasons, churn reasons and comments, call notes. Only rows of known
 * accounts with some text count. `acc_no` numbers the accounts so documents can be streamed
 * account by account. Returns the counts per source.
 */
export async function gatherDocuments(
  dataset: Dataset,
  settings: VocConfig,
): Promise<VocSourceCount[]> {
  const { db, tables } = dataset;
  const has = (t: TableName, c: string) => tables.get(t)?.columns[c] !== undefined;
  const parts = documentParts(has, settings);

  // The stratum is the table a document came from: mentions are expected per stratum, never
  // per source, since whether a ticket is a request depends on what it says.
  const selects = parts.map(
    (
      p,
      i,
    ) => `SELECT ${i} AS part, _source_row, account_id, ${p.source} AS source, ${quoteLiteral(p.table)} AS stratum, ${p.lens} AS lens,
      CAST(${p.date} AS DATE) AS date, ${p.score ? `CAST(${p.score} AS INTEGER)` : 'NULL::INTEGER'} AS score,
      trim(${p.text}) AS text
    FROM ${p.table} WHERE account_id IN (SELECT account_id FROM accounts)${p.where ? ` AND ${p.where}` : ''}`,
  );
  const body =
    selects.length > 0
      ? `SELECT * FROM (${selects.join(' UNION ALL ')}) WHERE text IS NOT NULL AND text <> ''`
      : `SELECT 0 AS part, 0::BIGINT AS _source_row, NULL::VARCHAR AS account_id, NULL::VARCHAR AS source, NULL::VARCHAR AS stratum, NULL::VARCHAR AS lens, NULL::DATE AS date, NULL::INTEGER AS score, NULL::VARCHAR AS text WHERE false`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${DOCS_TABLE} AS
    SELECT CAST(row_number() OVER (ORDER BY part, account_id, _source_row) AS INTEGER) AS doc_id,
      account_id, CAST(dense_rank() OVER (ORDER BY account_id) AS INTEGER) AS acc_no,
      source, stratum, lens, date, score, text
    FROM (${body})`);
  const rows = await db.all(
    `SELECT source, lens, count(*) AS documents, count(DISTINCT account_id) AS accounts FROM ${DOCS_TABLE} GROUP BY 1, 2 ORDER BY 2, 1`,
  );
  return rows.map((r) => ({
    source: str(r.source) ?? '',
    lens: (str(r.lens) ?? 'raised') as VocLens,
    documents: num(r.documents),
    accounts: num(r.accounts),
  }));
}
