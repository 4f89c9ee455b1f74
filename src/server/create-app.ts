import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCode, IcpError } from '../core/errors/icp-error.js';
import type { IcpDefinition } from '../core/icp/definition.js';
import { scoreRecord } from '../core/icp/score-record.js';
import type { DashboardData } from '../pipeline/dashboard/dashboard-data.js';
import { bearerKey } from './bearer-key.js';
import { bodyLimit } from './body-limit.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { allowedHosts, hostAllowList } from './host-allow-list.js';
import { openApiDocument } from './openapi.js';
import { responseHeaders } from './response-headers.js';
import { parseScoreBody, splitMap } from './score-body.js';
import { defaultWebRoot, readWebAssets } from './web-assets.js';

export interface AppOptions {
  readonly icp: IcpDefinition;
  /** When set, every /v1 request needs `Authorization: Bearer <key>`. */
  readonly apiKey?: string;
  /** Most records in one batch request. */
  readonly maxBatch?: number;
  /** Largest request body, in bytes. */
  readonly maxBodyBytes?: number;
  /**
   * The accounts and report the dashboard at `/` shows (`loadDashboardData`, from
   * `icp serve --config`); without it the dashboard shows the ICP and the scoring forms only.
   */
  readonly dashboard?: DashboardData;
  /** Largest CSV that POST /api/score-csv accepts, in bytes (default 10 MiB). */
  readonly maxUploadBytes?: number;
  /** The built dashboard's folder (default: this package's dist/web); null serves none. */
  readonly webRoot?: string | null;
  /**
   * Host names answered besides loopback (`localhost`, `127.0.0.1`, `[::1]`, any port); any
   * other Host gets 421. `startServer` adds the address it listens on unless it is a
   * wildcard; `*` allows every host.
   */
  readonly allowedHosts?: readonly string[];
}

/** HTTP status of each error code. */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  USAGE: 400,
  CONFIG: 500,
  SOURCE: 500,
  DATA: 422,
  OUTPUT: 500,
  AUTH: 401,
  LIMIT: 413,
  INTERNAL: 500,
};

/**
 * The scoring API as a Hono app: test it in-process with `app.request()`, serve it with
 * @hono/node-server. Errors are JSON `{ error: { code, message } }` with the CLI's codes.
 */
export function createApp(options: AppOptions): Hono {
  const {
    icp,
    apiKey,
    maxBatch = 1000,
    maxBodyBytes = 1 << 20,
    dashboard,
    maxUploadBytes = 10 << 20,
  } = options;
  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot;
  if (!icp.scorecard)
    throw new IcpError(
      'CONFIG',
      `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}); there is nothing to serve.`,
    );
  const app = new Hono();
  app.use(responseHeaders());
  app.use(hostAllowList(allowedHosts(options.allowedHosts)));
  answerErrorsAsJson(app);

  app.get('/healthz', (c) => c.json({ status: 'ok', icp: icp.id }));
  app.get('/openapi.json', (c) => c.json(openApiDocument({ maxBatch, maxBodyBytes })));

  const requireKey = bearerKey(apiKey);
  app.use('/v1/*', requireKey);
  // The dashboard's data routes need the key too: they show every account.
  app.use('/api/*', requireKey);
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new IcpError(
          'LIMIT',
          `the request body is larger than ${maxBodyBytes.toLocaleString('en-US')} bytes. Send fewer records per request.`,
        );
      },
    }),
  );

  app.get('/v1/icp', (c) => c.json(icp));
  app.post('/v1/score', (c) => scoreJson(c, icp, maxBatch));
  dashboardRoutes(app, {
    icp,
    data: dashboard,
    assets: webRoot ? readWebAssets(webRoot) : undefined,
    maxUploadBytes,
  });
  return app;
}

/** Errors as JSON `{ error: { code, message } }`: an IcpError as it is, anything else as a bug. */
function answerErrorsAsJson(app: Hono): void {
  app.onError((error, c) => {
    const known =
      error instanceof IcpError
        ? error
        : new IcpError('INTERNAL', 'internal error; the server log has the details');
    if (!(error instanceof IcpError)) console.error(error);
    return c.json({ error: { code: known.code, message: known.message } }, STATUS[known.code]);
  });
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: ErrorCode.USAGE,
          message: `no route ${c.req.method} ${c.req.path}; see GET /openapi.json`,
        },
      },
      404,
    ),
  );
}

/** POST /v1/score: one record, or `{ "records": [...] }`, with an optional "map". */
async function scoreJson(c: Context, icp: IcpDefinition, maxBatch: number): Promise<Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (error) {
    // The body limit's own error (a body sent without a length) is not a JSON problem.
    if (error instanceof IcpError) throw error;
    throw new IcpError(
      'USAGE',
      'the body is not valid JSON. Send one record as an object, or { "records": [ ... ] }.',
    );
  }
  // The optional "map" (scorecard attribute -> the record's field) goes before the shape check.
  const { map, rest } = splitMap(icp, body);
  const request = parseScoreBody(rest, maxBatch);
  if (request.kind === 'batch')
    return c.json({
      icp: icp.id,
      results: request.records.map((r) => scoreRecord(icp, r, { map })),
    });
  return c.json({ icp: icp.id, ...scoreRecord(icp, request.record, { map }) });
}
