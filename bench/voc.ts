/**
 * Theme extraction on 1,000,000 tickets: gathering the text in DuckDB and reading every
 * ticket's key phrases (wink-nlp), streamed in chunks, then grouping them into themes; beside
 * the time DuckDB takes for one scan of the same tickets file, the floor of anything that reads
 * it. Peak RSS sampled every 100 ms.
 *
 *   npx tsx bench/voc.ts [tickets=1000000] [accounts=100000]
 *
 * The tickets are written first (not timed) into a temporary folder, removed at the end: each
 * one's subject, description and tags drawn, by a hash of its number, from the sample world's
 * pools (src/sample/text-pools.ts), so the text is short and its vocabulary small; real tickets
 * are longer, and the phrase reading grows with their length (READ_CHARS caps it per ticket).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../src/core/config/schema.js';
import { quoteLiteral } from '../src/core/sql/quote.js';
import { Database } from '../src/data/db/database.js';
import { loadConfig } from '../src/data/config/load-config.js';
import { loadDataset } from '../src/data/load/load-dataset.js';
import { extractThemes } from '../src/pipeline/voc/extract-themes.js';
import { gatherDocuments } from '../src/pipeline/voc/voc-documents.js';
import {
  COMMON_REQUESTS,
  IDEAL_PAIN,
  SUPPORT_TICKETS,
  TRAP_REQUESTS,
} from '../src/sample/text-pools.js';

const tickets = Number(process.argv[2] ?? 1_000_000);
const accounts = Number(process.argv[3] ?? 100_000);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const dir = await mkdtemp(join(tmpdir(), 'icp-bench-voc-'));
try {
  console.log(
    `writing ${tickets.toLocaleString('en-US')} tickets of ${accounts.toLocaleString('en-US')} accounts (not timed)...`,
  );
  const pool = [
    ...SUPPORT_TICKETS.map(([s, b, t]) => [s, b, t]),
    ...COMMON_REQUESTS.map(([s, b]) => [s, b, 'feature_request']),
    ...IDEAL_PAIN.map(([s, b]) => [s, b, 'consolidation']),
    ...TRAP_REQUESTS.map(([s, b]) => [s, b, 'feature_request']),
  ];
  const list = (k: number) => `[${pool.map((p) => quoteLiteral(p[k] as string)).join(', ')}]`;
  const db = await Database.open();
  await db.run(`COPY (SELECT 'ACC-' || i AS "Account ID", 'Company ' || i AS "Name" FROM range(${accounts}) t(i))
    TO ${quoteLiteral(join(dir, 'accounts.csv'))} (HEADER)`);
  await db.run(`COPY (SELECT 'TCK-' || i AS "Ticket ID", 'ACC-' || CAST(hash(i) % ${accounts} AS BIGINT) AS "Account ID",
      DATE '2025-01-01' + CAST(hash(i + 1) % 600 AS INTEGER) AS "Created At",
      ${list(0)}[CAST(1 + hash(i + 2) % ${pool.length} AS BIGINT)] AS "Subject", ${list(1)}[CAST(1 + hash(i + 2) % ${pool.length} AS BIGINT)] AS "Description",
      ${list(2)}[CAST(1 + hash(i + 2) % ${pool.length} AS BIGINT)] AS "Tags"
    FROM range(${tickets}) t(i)) TO ${quoteLiteral(join(dir, 'tickets.csv'))} (HEADER)`);
  const s0 = performance.now();
  await db.all(
    `SELECT count(*), count(DISTINCT "Account ID"), sum(length("Subject") + length("Description")) FROM read_csv(${quoteLiteral(join(dir, 'tickets.csv'))})`,
  );
  const scan = seconds(s0);
  db.close();
  await writeFile(
    join(dir, 'icp.config.yaml'),
    'sources:\n  accounts: { path: accounts.csv }\n  tickets: { path: tickets.csv, columns: { body: Description } }\n',
  );

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const l0 = performance.now();
  const dataset = await loadDataset(await loadConfig(join(dir, 'icp.config.yaml')), {
    today: '2026-12-31',
  });
  const load = seconds(l0);
  try {
    const settings = configSchema.parse({ sources: { accounts: { path: 'x' } } }).voc;
    const g0 = performance.now();
    const sources = await gatherDocuments(dataset, settings);
    const gather = seconds(g0);
    const e0 = performance.now();
    const themes = await extractThemes(dataset.db, {
      minAccounts: settings.min_accounts,
      maxThemes: settings.max_themes,
    });
    const extract = seconds(e0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const docs = sources.reduce((s, x) => s + x.documents, 0);
    console.log(`one DuckDB scan of tickets.csv: ${scan.toFixed(1)} s`);
    console.log(`loading and checking the files (icp check's work): ${load.toFixed(1)} s`);
    console.log(
      `theme extraction: ${(gather + extract).toFixed(1)} s (gathering the text in DuckDB ${gather.toFixed(1)} s, key phrases and themes ${extract.toFixed(1)} s), ${Math.round(docs / extract).toLocaleString('en-US')} documents/s, ${((gather + extract) / scan).toFixed(0)}x the scan; peak RSS ${mb(peak)}`,
    );
    console.log(
      `  ${docs.toLocaleString('en-US')} documents; themes: ${themes.themes.raised.map((t) => t.label).join(', ')}`,
    );
  } finally {
    clearInterval(sampler);
    dataset.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
