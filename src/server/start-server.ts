import { type ServerType, serve } from '@hono/node-server';
import type { AppOptions } from './create-app.js';
import { createApp } from './create-app.js';

/** Serves the scoring API on a port (0 picks a free one); resolves once it listens. */
export async function startServer(
  options: AppOptions & { port?: number; host?: string },
): Promise<{ url: string; server: ServerType; close: () => Promise<void> }> {
  const { port = 8787, host = '127.0.0.1', ...appOptions } = options;
  const app = createApp(appOptions);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      resolve({
        url: `http://${host}:${info.port}`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
