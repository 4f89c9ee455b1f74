import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

/**
 * Compares `actual` with the golden file at `path`. Run with UPDATE_GOLDEN=1 to (re)write the
 * golden files instead, then review the diff before committing it:
 *
 *   UPDATE_GOLDEN=1 npx vitest run src/report test/report-golden.test.ts
 */
export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`${path}: no golden file yet. Run with UPDATE_GOLDEN=1 to write it.`);
  }
  expect(actual, `${path} differs; if the change is intended, rerun with UPDATE_GOLDEN=1`).toBe(
    readFileSync(path, 'utf8'),
  );
}
