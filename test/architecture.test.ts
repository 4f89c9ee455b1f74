import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeSize } from './support/code-size.js';
import { tableOwners, tableViolations, verbImportViolations } from './support/pipeline-rules.js';

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

describe('pipeline: verbs, composers and shared modules', () => {
  const files = sourceFiles('src/pipeline').map((file) => ({
    file,
    text: readFileSync(file, 'utf8'),
  }));

  it('no verb imports another; composers import verbs only through their entry modules', () => {
    expect(files.flatMap((f) => verbImportViolations(f.file, f.text))).toEqual([]);
  });

  it('catches a verb importing a verb, a composer reaching inside one, a shared module importing one', () => {
    const imports = (from: string) =>
      `import { auditIcp } from '${from}audit/audit.js';\nimport { misalignmentSignals } from '${from}audit/signals.js';\nimport { prepareAttributes } from '${from}analysis/discovery-rows.js';\n`;
    expect(verbImportViolations('src/pipeline/verify/bad.ts', imports('../'))).toEqual([
      'src/pipeline/verify/bad.ts: the verb verify imports the verb audit (../audit/audit.js)',
      'src/pipeline/verify/bad.ts: the verb verify imports the verb audit (../audit/signals.js)',
    ]);
    expect(verbImportViolations('src/pipeline/report/bad.ts', imports('../'))).toEqual([
      'src/pipeline/report/bad.ts: the composer report imports audit/signals.ts, not an entry module of audit (audit/audit.ts, audit/audit-config.ts)',
    ]);
    expect(verbImportViolations('src/pipeline/analysis/bad.ts', imports('../'))).toEqual([
      'src/pipeline/analysis/bad.ts: the shared module analysis imports the verb audit (../audit/audit.js)',
      'src/pipeline/analysis/bad.ts: the shared module analysis imports the verb audit (../audit/signals.js)',
    ]);
    expect(
      verbImportViolations(
        'src/pipeline/check.ts',
        "import { discover } from './discover/discover-config.js';",
      ),
    ).toEqual([
      'src/pipeline/check.ts: the verb check imports the verb discover (./discover/discover-config.js)',
    ]);
  });

  it('no pipeline code names a table another verb creates', () => {
    const owners = tableOwners(files);
    // The tables of an analysis, the tiers and the audit's accounts are made per call
    // (analysis/table-ref.ts) and handed over as values: none has a fixed name any more.
    const fixed = ['account_value', 'account_target', '_account_attributes', '_icp_tiers'];
    expect([...fixed, '_oof_units', '_tier_source', '_audit'].filter((t) => owners.has(t))).toEqual(
      [],
    );
    expect(files.flatMap((f) => tableViolations(f.file, f.text, owners))).toEqual([]);
  });

  it("catches a verb reading another verb's table, and lets any verb read a shared one", () => {
    const owners = tableOwners([
      {
        file: 'src/pipeline/audit/a.ts',
        text: 'await db.run(`CREATE OR REPLACE TEMP TABLE _audit AS SELECT 1`);',
      },
      { file: 'src/pipeline/analysis/b.ts', text: "export const OOF_TABLE = '_oof_units';" },
      {
        file: 'src/pipeline/score/c.ts',
        text: 'await db.run(`CREATE TEMP VIEW scored AS SELECT 1`);',
      },
    ]);
    const drift =
      "db.all(`SELECT tier FROM _audit a JOIN _oof_units USING (x)`); db.columns('_audit');";
    expect(tableViolations('src/pipeline/drift/bad.ts', drift, owners)).toEqual([
      'src/pipeline/drift/bad.ts: names _audit, a table of audit',
    ]);
    expect(tableViolations('src/pipeline/audit/ok.ts', drift, owners)).toEqual([]);
    expect(
      tableViolations('src/pipeline/drift/ok.ts', '// the audit keeps its table', owners),
    ).toEqual([]);
    // A table of the same name loaded by the file itself, or named in a comment, is no read.
    const own =
      "/** Reads `scored`. */\nawait readRaw(db, 'scored', source, path);\ndb.columns('scored');";
    expect(tableViolations('src/pipeline/crm/ok.ts', own, owners)).toEqual([]);
    expect(tableViolations('src/pipeline/crm/bad.ts', "db.columns('scored');", owners)).toEqual([
      'src/pipeline/crm/bad.ts: names scored, a table of score',
    ]);
  });
});

/**
 * Files over 300 lines and functions over 80 in src/ (data literals left out, see
 * support/code-size.ts; functions of tests left out, as a describe block spans its cases), each
 * with its size. Both lists are empty: every file and function of src/ is within the limits, so
 * a new offender fails. Split it rather than list it.
 */
const LONG_FILES: string[] = [];
const LONG_FUNCTIONS: string[] = [];

/** Files over 300 lines and functions over 80 in the given sources, as sentences, sorted. */
function longCode(files: readonly { file: string; text: string }[]) {
  const longFiles: string[] = [];
  const longFunctions: string[] = [];
  for (const { file, text } of files) {
    const size = codeSize(file, text);
    if (size.lines > 300) longFiles.push(`${file}: ${size.lines} lines`);
    if (file.endsWith('.test.ts')) continue;
    for (const f of size.functions)
      if (f.lines > 80) longFunctions.push(`${file}: ${f.name}, ${f.lines} lines`);
  }
  return { files: longFiles.sort(), functions: longFunctions.sort() };
}

describe('size', () => {
  it('lists the files over 300 lines and functions over 80 of src/: only those allowed, none grown', () => {
    const found = longCode(
      sourceFiles('src').map((file) => ({ file, text: readFileSync(file, 'utf8') })),
    );
    expect(found.files).toEqual(LONG_FILES);
    expect(found.functions).toEqual(LONG_FUNCTIONS);
  });

  it('counts a long function and a long file, but not a long table of constants', () => {
    const body = Array.from({ length: 81 }, (_, i) => `  total += ${i};`).join('\n');
    const table = Array.from({ length: 300 }, (_, i) => `  'alias ${i}',`).join('\n');
    const text = `export const ALIASES = [\n${table}\n];\nexport function sum(): number {\n  let total = 0;\n${body}\n  return [1, 2].map((x) => {\n    return x + total;\n  })[0] as number;\n}\n`;
    expect(longCode([{ file: 'src/x.ts', text }])).toEqual({
      files: [],
      functions: ['src/x.ts: sum, 87 lines'],
    });
    const code = Array.from({ length: 301 }, (_, i) => `export const x${i} = f(${i});`).join('\n');
    expect(longCode([{ file: 'src/y.ts', text: code }]).files).toEqual(['src/y.ts: 301 lines']);
  });
});
