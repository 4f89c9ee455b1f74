import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { IcpError } from '../core/errors/icp-error.js';

/**
 * Middleware requiring `Authorization: Bearer <key>` when a key is set. The scheme is matched
 * ignoring case (`bearer`, `BEARER`: RFC 9110 §11.1); the key is compared as a SHA-256 digest
 * in constant time, so neither its content nor its length leaks through timing.
 */
export function bearerKey(apiKey: string | undefined): MiddlewareHandler {
  const expected = apiKey ? digest(apiKey) : undefined;
  return async (c, next) => {
    if (!expected) return next();
    const header = c.req.header('authorization') ?? '';
    const given = /^bearer +(.*)$/i.exec(header)?.[1] ?? '';
    if (!timingSafeEqual(digest(given), expected)) {
      throw new IcpError(
        'AUTH',
        'missing or wrong API key. Send the header "Authorization: Bearer <ICP_API_KEY>".',
      );
    }
    return next();
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
