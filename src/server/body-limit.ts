import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

/**
 * Hono's body limit, with the common case first: a request that states its length
 * (`Content-Length`, no `Transfer-Encoding`) is checked against it without touching the body.
 * Hono's own middleware reads `c.req.raw.body` first, which makes @hono/node-server build a
 * full web Request (streams, an AbortController) for every POST, where `c.req.json()` would
 * otherwise read the socket directly: measured under load, that was most of a single-record
 * score's cost and memory. A body sent without a length is still counted as it streams.
 */
export function bodyLimit(options: { maxSize: number; onError: () => never }): MiddlewareHandler {
  const { maxSize, onError } = options;
  const streamed = honoBodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (
      length !== undefined &&
      /^\d+$/.test(length) &&
      c.req.header('transfer-encoding') === undefined
    ) {
      return Number(length) > maxSize ? onError() : next();
    }
    return streamed(c, next);
  };
}
