import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface WebAsset {
  readonly body: Uint8Array;
  readonly type: string;
  /** Vite puts a content hash in the names under assets/: they never change. */
  readonly immutable: boolean;
}

/**
 * Where the built dashboard is: `dist/web` of this package. From the compiled server
 * (dist/server/*.js) that is ../web; from the sources run with tsx (src/server/*.ts),
 * ../../dist/web. Undefined when it was not built.
 */
export function defaultWebRoot(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, '..', 'web'), join(here, '..', '..', 'dist', 'web')].find((d) =>
    existsSync(join(d, 'index.html')),
  );
}

/**
 * Reads every file of the built dashboard into memory (a few hundred kilobytes), keyed by URL
 * path. Only these exact paths are served, so no request can reach another file.
 */
export function readWebAssets(root: string): ReadonlyMap<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) {
        const path = `/${relative(root, full).split(sep).join('/')}`;
        assets.set(path, {
          body: readFileSync(full),
          type: TYPES[extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
          immutable: path.startsWith('/assets/'),
        });
      }
    }
  };
  visit(root);
  return assets;
}
