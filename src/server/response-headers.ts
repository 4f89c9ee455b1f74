import type { MiddlewareHandler } from 'hono';

/**
 * Headers every response gets: `X-Content-Type-Options: nosniff` (a browser never second-guesses
 * a JSON or CSV body as HTML or script), and `Cache-Control: no-store` unless the route set its
 * own (the dashboard's files do: hashed assets are immutable). Data responses (JSON, CSV, the
 * report, errors) are then never kept by a browser or a proxy: they show every account.
 */
export function responseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('x-content-type-options', 'nosniff');
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  };
}
