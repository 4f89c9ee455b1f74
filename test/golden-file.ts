import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';

/**
 * Compares `actual` with the golden file at `path` (named `<name>.golden.<ext>`). An SVG is
 * compared indented, one element per line (`indentSvg`), so a diff reads. When they differ,
 * `<name>-changed.<ext>` is written beside the golden (git ignores it) to diff or open:
 *
 *   diff test/golden/charts/lift.golden.svg test/golden/charts/lift-changed.svg
 *
 * Run with UPDATE_GOLDEN=1 to (re)write the golden files instead, then review the diff before
 * committing it:
 *
 *   UPDATE_GOLDEN=1 npx vitest run src/report test/golden-charts.test.ts test/report-golden.test.ts
 */
export function expectGolden(path: string, actual: string): void {
  const text = path.endsWith('.svg') ? indentSvg(actual) : actual;
  const changed = changedPath(path);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    rmSync(changed, { force: true });
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`${path}: no golden file yet. Run with UPDATE_GOLDEN=1 to write it.`);
  }
  const golden = readFileSync(path, 'utf8');
  if (text === golden) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, text);
  expect(
    text,
    `${path} differs: the new output is in ${changed} (diff ${path} ${changed}); if the change is intended, rerun with UPDATE_GOLDEN=1`,
  ).toBe(golden);
}

/** `dir/<name>.golden.<ext>` -> `dir/<name>-changed.<ext>`. */
export function changedPath(path: string): string {
  const match = /^(.*)\.golden(\.[^.]+)$/.exec(basename(path));
  if (!match) throw new Error(`${path}: a golden file is named <name>.golden.<ext>`);
  return join(dirname(path), `${match[1]}-changed${match[2]}`);
}

/**
 * An SVG written one element per line, indented by depth; text stays on its element's line.
 * It only adds a line break and spaces before tags, so removing them gives the input back
 * (Vega writes its SVG on one line).
 */
export function indentSvg(svg: string): string {
  // A tag (quoted attribute values may hold ">"), or the text between tags.
  const tokens = svg.match(/<(?:[^>"']|"[^"]*"|'[^']*')*>|[^<]+/g) ?? [];
  let depth = 0;
  let out = '';
  let afterText = false;
  for (const token of tokens) {
    if (!token.startsWith('<')) {
      out += token;
      afterText = true;
      continue;
    }
    const closing = token.startsWith('</');
    if (closing) depth -= 1;
    if (!(closing && afterText) && out !== '') out += `\n${'  '.repeat(depth)}`;
    out += token;
    if (!closing && !token.endsWith('/>') && !/^<[?!]/.test(token)) depth += 1;
    afterText = false;
  }
  return `${out}\n`;
}
