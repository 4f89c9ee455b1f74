import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import { IcpError } from '../core/errors/icp-error.js';
import type { IcpDefinition } from '../core/icp/definition.js';
import type { DashboardData } from '../pipeline/dashboard/dashboard-data.js';
import { scoreFile } from '../pipeline/score/score-file.js';
import { bodyLimit } from './body-limit.js';
import { checkUpload, noAttributeColumns, uploadFailure } from './upload-check.js';
import type { WebAsset } from './web-assets.js';

export interface DashboardRouteOptions {
  readonly icp: IcpDefinition;
  /** The accounts and report (`icp serve --config`); without it only the ICP and scoring show. */
  readonly data: DashboardData | undefined;
  /** The built front end by URL path; undefined when it was not built. */
  readonly assets: ReadonlyMap<string, WebAsset> | undefined;
  /** Largest CSV accepted by POST /api/score-csv, in bytes. */
  readonly maxUploadBytes: number;
}

/** Same-origin only: the page, its script and styles, and the report's inline styles and SVG. */
const CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ICP dashboard</title></head>
<body><h1>The dashboard is not built</h1><p>The scoring API works (see <a href="/openapi.json">/openapi.json</a>), but the web dashboard's files are missing. Run <code>npm run build</code> in the package, then start <code>icp serve</code> again.</p></body></html>`;

/**
 * The dashboard on the scoring API's app: the page at `/` and its files, and the JSON and CSV
 * routes under /api it calls. Register after /healthz, /openapi.json and /v1, whose
 * middleware (API key, body limit) these routes share where it is mounted on /api too.
 */
export function dashboardRoutes(app: Hono, options: DashboardRouteOptions): void {
  const { icp, data, assets, maxUploadBytes } = options;

  // Without --config these routes exist but have nothing to show: 404 with the fix.
  const noData = (c: Context) =>
    c.json(
      {
        error: {
          code: 'USAGE',
          message:
            'no accounts are loaded: start the server with "icp serve --icp icp.json --config icp.config.yaml" to see them.',
        },
      },
      404,
    );

  app.get('/api/dashboard', (c) =>
    c.json({
      icp: { id: icp.id, name: icp.name },
      data: data?.summary ?? null,
      maxUploadBytes,
    }),
  );
  app.get('/api/report', (c) => {
    if (!data) return noData(c);
    c.header('content-security-policy', CSP);
    return c.html(data.reportHtml);
  });
  app.get('/api/accounts', async (c) => {
    if (!data) return noData(c);
    return c.json(await data.accounts(data.parseQuery(c.req.query())));
  });
  app.get('/api/accounts.csv', (c) => (data ? accountsCsv(c, data) : noData(c)));

  app.post(
    '/api/score-csv',
    bodyLimit({
      maxSize: maxUploadBytes,
      onError: () => {
        throw new IcpError(
          'LIMIT',
          `the CSV is larger than ${maxUploadBytes.toLocaleString('en-US')} bytes. Score it with "icp score --icp icp.json --data FILE --out scored.csv" instead.`,
        );
      },
    }),
    (c) => scoreUploadedCsv(c, icp),
  );

  app.get('/*', (c) => serveAsset(c, assets));
}

/** GET /api/accounts.csv: the accounts of a query as a CSV download, from a temporary file. */
async function accountsCsv(c: Context, data: DashboardData): Promise<Response> {
  const q = data.parseQuery(c.req.query());
  const raw = rawParam(c.req.query('raw'));
  const dir = await mkdtemp(join(tmpdir(), 'icp-accounts-'));
  try {
    const out = join(dir, 'accounts.csv');
    await data.exportCsv(q, out, { raw });
    const stream = createReadStream(out);
    // The file goes once it has been sent (or the client went away).
    stream.on('close', () => void rm(dir, { recursive: true, force: true }));
    const name = ['accounts', q.tier && `tier-${q.tier}`, q.segment].filter(Boolean).join('-');
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}.csv"`,
      },
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** POST /api/score-csv: the uploaded CSV scored, with a summary in a header. */
async function scoreUploadedCsv(c: Context, icp: IcpDefinition): Promise<Response> {
  const raw = rawParam(c.req.query('raw'));
  if (/^multipart\/form-data/i.test(c.req.header('content-type') ?? ''))
    throw new IcpError(
      'USAGE',
      'the body is a form (multipart/form-data). Send the CSV file itself as the body, with content-type text/csv.',
    );
  const body = new Uint8Array(await c.req.arrayBuffer());
  checkUpload(body);
  const dir = await mkdtemp(join(tmpdir(), 'icp-score-csv-'));
  try {
    const input = join(dir, 'upload.csv');
    const out = join(dir, 'scored.csv');
    await writeFile(input, body);
    // A file lacking most of the scorecard (but not all of it) is scored all the same: its
    // rows show as tier unknown.
    const result = await scoreFile(icp, input, out, {
      rawCsv: raw,
      allowPartial: true,
    }).catch((error: unknown) => {
      throw (
        uploadFailure(
          error,
          [
            [input, 'upload.csv'],
            [dir, '.'],
          ],
          tmpdir(),
        ) ?? error
      );
    });
    const attributes = icp.scorecard?.attributes.map((a) => a.name) ?? [];
    if (result.absentColumns.length === attributes.length)
      throw new IcpError('DATA', noAttributeColumns(attributes, body));
    const scored = await readFile(out);
    return c.body(scored, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="scored.csv"',
      // Numbers and fixed keys only: a header must stay ASCII.
      'x-icp-summary': JSON.stringify({
        rows: result.rows,
        tiers: result.tiers,
        disqualified: result.disqualified,
        nearMiss: result.nearMiss,
      }),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The built dashboard's files; without a build, a page saying how to build it. */
function serveAsset(
  c: Context,
  assets: ReadonlyMap<string, WebAsset> | undefined,
): Response | Promise<Response> {
  const path = c.req.path === '/' ? '/index.html' : c.req.path;
  if (!assets) {
    if (path !== '/index.html') return c.notFound();
    return c.html(NOT_BUILT, 503);
  }
  const asset = assets.get(path);
  if (!asset) return c.notFound();
  return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': asset.type,
    'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(asset.type.startsWith('text/html') ? { 'content-security-policy': CSP } : {}),
    'x-content-type-options': 'nosniff',
  });
}

/** The `raw` query parameter of the CSV routes: absent or false neutralises formulas. */
function rawParam(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new IcpError(
    'USAGE',
    `raw: ${JSON.stringify(value.slice(0, 50))} is not true or false. Use raw=true to get cells exactly as they are (formulas not neutralised).`,
  );
}
