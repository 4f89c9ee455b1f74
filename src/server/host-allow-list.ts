import type { MiddlewareHandler } from 'hono';
import { ErrorCode } from '../core/errors/icp-error.js';

/** Names a server on this machine always answers to: loopback, by name and address. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** Addresses that mean "every interface": not a name any client would send. */
const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

/**
 * The host names the server answers to: loopback and the extra names given (`icp serve
 * --allowed-host`, and the address it listens on). `*` among them allows any host.
 *
 * @example allowedHosts(['icp.example.com']) // => ['localhost', '127.0.0.1', '[::1]', 'icp.example.com']
 */
export function allowedHosts(extra: readonly string[] = []): string[] {
  return [...new Set([...LOOPBACK_HOSTS, ...extra.map(hostName)])];
}

/**
 * The name clients use for an address the server listens on, or undefined for a wildcard
 * (0.0.0.0, ::), which no client sends as its Host.
 *
 * @example listenHostName('::1') // => '[::1]'
 */
export function listenHostName(host: string): string | undefined {
  const name = hostName(host);
  return WILDCARDS.has(name) ? undefined : name;
}

/**
 * The name part of a Host header value, lower case, without the port: `LocalHost:8787` ->
 * `localhost`, `[::1]:80` -> `[::1]`. A bare IPv6 address is bracketed.
 */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colons = h.split(':').length - 1;
  if (colons === 1) return h.slice(0, h.indexOf(':'));
  return colons > 1 ? `[${h}]` : h;
}

/**
 * Answers 421 Misdirected Request to a request whose Host (or absolute URL) names a host not
 * in `allowed`. With no API key, this is what stops DNS rebinding: a page on another site
 * that points its own name at 127.0.0.1 still sends its own name as the Host.
 */
export function hostAllowList(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed.map(hostName));
  const any = names.has('*');
  return async (c, next) => {
    if (any) return next();
    const header = c.req.header('host');
    const hosts = [new URL(c.req.url).host, ...(header === undefined ? [] : [header])];
    const refused = hosts.find((h) => !names.has(hostName(h)));
    if (refused === undefined) return next();
    const shown = JSON.stringify(refused.length > 100 ? `${refused.slice(0, 100)}...` : refused);
    const flag = hostName(refused).replace(/[^a-z0-9.:[\]-]/g, '') || 'NAME';
    return c.json(
      {
        error: {
          code: ErrorCode.USAGE,
          message: `this server does not answer to the host ${shown}. Start icp serve with --allowed-host ${flag} to allow it.`,
        },
      },
      421,
    );
  };
}
