import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering of ARCHITECTURE.md, enforced: a module may import its own layer or a lower
 * one, never a higher one or a sibling of the same rank. `core` imports nothing but itself
 * and the pure packages listed here, so it runs in a browser.
 */
const RANK: Record<string, number> = {
  core: 0,
  data: 1,
  report: 1,
  // sample writes its files with data's atomic writer
  sample: 1.5,
  pipeline: 2,
  // the CLI starts the server (icp serve); the server never reaches into the CLI
  server: 2.5,
  cli: 3,
};
const CORE_PACKAGES = new Set(['zod']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** The layer a path under src/ belongs to; undefined for files at the root of src/. */
function layerOf(path: string): string | undefined {
  const parts = relative(resolve('src'), resolve(path)).split(/[\\/]/);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Every import in `text` (a file at `file`) that breaks the layering, as a sentence. */
function violations(file: string, text: string): string[] {
  const layer = layerOf(file);
  if (layer === undefined || file.endsWith('.test.ts')) return [];
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\(\s*)['"]([^'"]+)['"]/g)) {
    const spec = m[1] as string;
    if (spec.startsWith('.')) {
      const target = layerOf(join(dirname(file), spec));
      if (target === undefined) found.push(`${file}: imports ${spec}, outside the layers`);
      else if (target !== layer && !((RANK[target] ?? 99) < (RANK[layer] ?? -1))) {
        found.push(`${file}: ${layer} imports ${target} (${spec})`);
      }
    } else if (layer === 'core' && !CORE_PACKAGES.has(spec)) {
      found.push(`${file}: core imports the package ${spec}`);
    }
  }
  return found;
}

describe('architecture', () => {
  it('every import points down the layers, and core imports only itself and pure packages', () => {
    const found = sourceFiles('src').flatMap((f) => violations(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches core reading files or reaching up, and a layer importing a sibling or a higher one', () => {
    const core =
      "import { readFile } from 'node:fs/promises';\nimport { Database } from '../../data/db/database.js';\n";
    expect(violations('src/core/example/bad.ts', core)).toEqual([
      'src/core/example/bad.ts: core imports the package node:fs/promises',
      'src/core/example/bad.ts: core imports data (../../data/db/database.js)',
    ]);
    const data =
      "import { demo } from '../pipeline/demo.js';\nimport { x } from '../report/x.js';\nimport { q } from '../core/sql/quote.js';\n";
    expect(violations('src/data/bad.ts', data)).toEqual([
      'src/data/bad.ts: data imports pipeline (../pipeline/demo.js)',
      'src/data/bad.ts: data imports report (../report/x.js)',
    ]);
  });
});
