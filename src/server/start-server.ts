import { type ServerType, serve } from '@hono/node-server';
import { IcpError } from '../core/errors/icp-error.js';
import type { AppOptions } from './create-app.js';
import { createApp } from './create-app.js';
import { listenHostName } from './host-allow-list.js';

/**
 * Serves the scoring API on a port (0 picks a free one); resolves once it listens. The Host
 * allow-list gets the address it listens on (unless a wildcard) besides loopback and
 * `allowedHosts`. A port in use or an address that is not this machine's rejects with a
 * USAGE error naming it.
 */
export async function startServer(
  options: AppOptions & { port?: number; host?: string },
): Promise<{ url: string; server: ServerType; close: () => Promise<void> }> {
  const { port = 8787, host = '127.0.0.1', ...appOptions } = options;
  const own = listenHostName(host);
  const app = createApp({
    ...appOptions,
    allowedHosts: [...(appOptions.allowedHosts ?? []), ...(own === undefined ? [] : [own])],
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      server.off('error', failed);
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${info.port}`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    const failed = (error: NodeJS.ErrnoException) => {
      server.close();
      reject(listenError(error, host, port));
    };
    server.once('error', failed);
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): IcpError {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new IcpError(
        'USAGE',
        `cannot listen on ${where}: the port is in use. Stop what uses it, or pick another with --port.`,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new IcpError(
        'USAGE',
        `cannot listen on ${where}: "${host}" is not an address of this machine. Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).`,
        { cause: error },
      );
    case 'EACCES':
      return new IcpError(
        'USAGE',
        `cannot listen on ${where}: permission denied (ports below 1024 need privileges). Pick a port above 1024 with --port.`,
        { cause: error },
      );
    default:
      return new IcpError('USAGE', `cannot listen on ${where}: ${error.message}.`, {
        cause: error,
      });
  }
}
