import { dirname, join, relative, resolve } from 'node:path';

/**
 * The rules inside src/pipeline (ARCHITECTURE.md, "Verbs, composers and shared modules"): a
 * verb imports no other verb; a composer imports other verbs only through their entry modules;
 * a shared module imports no verb; and no pipeline code names a DuckDB table another verb creates.
 */

/** Modules every verb may use: they hold no verb's logic and import no verb. */
export const SHARED: Readonly<Record<string, string>> = {
  analysis: 'preparing a dataset for an analysis: attributes, tiers, ICP ids, cuts in time',
  value: "each account's value and the target",
  personas: 'the buying committee (discover and its report)',
  voc: 'the voice of the customer, read by the audit and the dashboard (no command of its own)',
};

/** Verbs that run other verbs by design, and why. */
export const COMPOSERS: Readonly<Record<string, string>> = {
  report: 'assembles the audit, backtest and drift into one model',
  dashboard: "serves the report's model and the audit's accounts",
  demo: 'runs check, discover, audit and report on the sample company',
  backtest: 'runs discovery as of each date, then scores what came after',
  crm: 'sync runs discovery and scoring before it pushes scores',
};

/** The modules of a verb a composer may import: what the verb offers as its own API. */
export const ENTRIES: Readonly<Record<string, readonly string[]>> = {
  audit: ['audit/audit.ts', 'audit/audit-config.ts'],
  backtest: ['backtest/backtest.ts'],
  check: ['check.ts'],
  dashboard: ['dashboard/dashboard-data.ts'],
  diff: ['diff/diff-icp-files.ts'],
  discover: ['discover/discover.ts', 'discover/discover-config.ts'],
  drift: ['drift/drift.ts'],
  init: ['init.ts'],
  report: ['report/build-report.ts'],
  score: ['score/score-file.ts'],
  verify: ['verify/verify.ts'],
};

const PIPELINE = resolve('src/pipeline');

/** A path under src/pipeline relative to it ('audit/audit.ts'), or undefined outside. */
export function pipelinePath(path: string): string | undefined {
  const rel = relative(PIPELINE, resolve(path)).split(/[\\/]/).join('/');
  return rel.startsWith('..') ? undefined : rel;
}

/** The verb or shared module a pipeline path belongs to: its folder, or its file's name at the top. */
export function unitOf(rel: string): string {
  return (rel.split('/')[0] as string).replace(/\.ts$/, '');
}

const kindOf = (unit: string) =>
  SHARED[unit] ? 'shared module' : COMPOSERS[unit] ? 'composer' : 'verb';

/** Every import of `text` (the pipeline file `file`) that breaks the rules, as a sentence. */
export function verbImportViolations(file: string, text: string): string[] {
  const from = pipelinePath(file);
  if (from === undefined || file.endsWith('.test.ts')) return [];
  const unit = unitOf(from);
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\(\s*)['"](\.[^'"]+)['"]/g)) {
    const to = pipelinePath(join(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')));
    if (to === undefined) continue;
    const target = unitOf(to);
    if (target === unit || SHARED[target]) continue;
    if (SHARED[unit])
      found.push(
        `${file}: the shared module ${unit} imports the ${kindOf(target)} ${target} (${m[1]})`,
      );
    else if (!COMPOSERS[unit])
      found.push(`${file}: the verb ${unit} imports the ${kindOf(target)} ${target} (${m[1]})`);
    else if (!ENTRIES[target]?.includes(to))
      found.push(
        `${file}: the composer ${unit} imports ${to}, not an entry module of ${target} (${(ENTRIES[target] ?? []).join(', ') || 'none'})`,
      );
  }
  return found;
}

const CREATED =
  /CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([A-Za-z_]\w*)/g;
const NAMED_TABLE = /const\s+\w*TABLE\w*\s*=\s*'([A-Za-z_]\w*)'/g;
// data/source's readRaw(db, 'name', ...) loads a file of the caller's into the table `name`.
const READ_RAW = /readRaw\(\s*\w+,\s*'([A-Za-z_]\w*)'/g;

/** The tables each pipeline file creates, by unit: table name -> units that create it. */
export function tableOwners(
  files: readonly { file: string; text: string }[],
): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  for (const { file, text } of files) {
    const rel = pipelinePath(file);
    if (rel === undefined || file.endsWith('.test.ts')) continue;
    for (const m of [...text.matchAll(CREATED), ...text.matchAll(NAMED_TABLE)]) {
      const set = owners.get(m[1] as string) ?? new Set<string>();
      set.add(unitOf(rel));
      owners.set(m[1] as string, set);
    }
  }
  return owners;
}

/**
 * Where a pipeline file names a table that another verb creates (and no shared module does):
 * after FROM, JOIN, INTO, TABLE or VIEW, or as a quoted string.
 */
export function tableViolations(
  file: string,
  text: string,
  owners: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const rel = pipelinePath(file);
  if (rel === undefined || file.endsWith('.test.ts')) return [];
  const unit = unitOf(rel);
  const found: string[] = [];
  // A comment naming a table reads nothing; a table the file loads itself is its own.
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const own = new Set([...code.matchAll(READ_RAW)].map((m) => m[1] as string));
  for (const [table, units] of owners) {
    if (units.has(unit) || own.has(table) || [...units].some((u) => SHARED[u])) continue;
    const named = new RegExp(`(?:FROM|JOIN|INTO|TABLE|VIEW)\\s+"?${table}\\b|['"\`]${table}['"\`]`);
    if (named.test(code))
      found.push(`${file}: names ${table}, a table of ${[...units].join(', ')}`);
  }
  return found;
}
