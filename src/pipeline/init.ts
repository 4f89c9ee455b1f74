import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { SourceConfig } from '../core/config/schema.js';
import { IcpError } from '../core/errors/icp-error.js';
import { TABLE_NAMES, type TableName } from '../core/model/canonical.js';
import { rankShapes, type ShapeMatch } from '../core/shapes/match-shape.js';
import { Database } from '../data/db/database.js';
import { shapeMapping } from '../data/load/apply-shape.js';
import { isDataFile, readRaw } from '../data/source/read-raw.js';
import { matchThrough, type ThroughMatch } from './init/account-through.js';
import { checkUnits } from './init/check-units.js';
import { guessStages } from './init/guess-stages.js';
import { type InitSource, type InitTarget, initYaml } from './init/init-yaml.js';

export interface InitOptions {
  /**
   * Where the config will be written (default: icp.config.yaml in the data folder). The sources'
   * paths are written relative to its folder, as the config's loader reads them.
   */
  readonly configFile?: string;
}

export interface InitResult {
  /** The config text written. */
  readonly yaml: string;
  /** One line per decision, for the user to review; every guess says how sure it is and why. */
  readonly notes: readonly string[];
}

interface Probe {
  readonly file: string;
  readonly rawTable: string;
  readonly headers: readonly string[];
  /** Every shape the file may be, best first. */
  readonly ranked: readonly ShapeMatch[];
}

/**
 * Looks at the data files in a folder and writes a starter config: which file holds which
 * table (recognising the exports of HubSpot, Salesforce, Pipedrive, Stripe, Chargebee,
 * Zendesk, Intercom and Freshdesk by their headers), which header maps to which canonical
 * column, in which units, and which deal stages are won and lost. Says for every guess how
 * sure it is and why.
 */
export async function initConfig(dir: string, options: InitOptions = {}): Promise<InitResult> {
  const files = await dataFiles(dir);
  const db = await Database.open();
  const notes: string[] = [];
  const sources: InitSource[] = [];
  try {
    const probes: Probe[] = [];
    for (const [i, file] of files.entries()) {
      // A ragged file (a report's footer) is read as one column: leftOut() says why.
      const raw = await readRaw(db, `probe_${i}`, { path: file }, join(dir, file), undefined, {
        ragged: 'leave',
      }).catch(() => undefined);
      if (!raw) {
        notes.push(`${file}: could not be read; left out.`);
        continue;
      }
      probes.push({
        file,
        rawTable: raw.rawTable,
        headers: raw.headers,
        ranked: rankShapes(raw.headers, { file }),
      });
    }
    const assigned = assign(probes);
    const taken = new Set([...assigned.values()].map((m) => m.table));
    for (const p of probes) {
      const match = assigned.get(p.file);
      const through = match ? undefined : matchThrough(p.headers, p.file, assigned, taken);
      if (through) taken.add(through.match.table);
      const chosen = match ?? through?.match;
      if (!chosen) {
        notes.push(leftOut(p, assigned));
        continue;
      }
      sources.push(await describeSource(db, p, chosen, notes, through));
    }
  } finally {
    db.close();
  }
  if (!sources.some((s) => s.table === 'accounts')) {
    throw new IcpError(
      'DATA',
      `${dir}: none of ${files.join(', ')} looks like an accounts file (one row per company with an id column). Add one, or write the config by hand (see the README).`,
    );
  }
  const ordered = TABLE_NAMES.flatMap((t) => sources.filter((s) => s.table === t));
  const configFile = options.configFile ?? join(dir, 'icp.config.yaml');
  const configDir = dirname(configFile);
  const placed = ordered.map((s) => ({
    ...s,
    source: { ...s.source, path: sourcePath(configDir, dir, s.source.path) },
  }));
  const from = resolve(configDir) === resolve(dir) ? 'this folder' : sourcePath(configDir, dir, '');
  const target = starterTarget(new Set(ordered.map((s) => s.table)));
  if (target) notes.push(target.note);
  const place = { from, name: basename(configFile) };
  return { yaml: initYaml(placed, place, target), notes };
}

/**
 * The target a starter config needs when the default cannot be measured: "ideal" reads net value
 * per month from invoices or subscriptions, so with deals and no billing the config says `won`.
 */
function starterTarget(tables: ReadonlySet<TableName>): InitTarget | undefined {
  if (tables.has('invoices') || tables.has('subscriptions') || !tables.has('deals'))
    return undefined;
  const why =
    'deals won against lost, since no invoices or subscriptions were found to measure net value per month (target kind "ideal"); add a billing export and remove this target to use it.';
  return { kind: 'won', why, note: `target: won: ${why}` };
}

/** A data file's path as a config in `configDir` names it: relative, with forward slashes. */
function sourcePath(configDir: string, dir: string, file: string): string {
  const rel = relative(resolve(configDir), resolve(dir, file));
  return rel.split(sep).join('/');
}

async function dataFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch (error) {
    throw new IcpError(
      'USAGE',
      `${dir}: cannot list the folder. Pass a folder that holds your CSV, Parquet or JSON exports.`,
      { cause: error },
    );
  }
  const files = names.filter((n) => !n.startsWith('.') && isDataFile(n));
  if (files.length === 0) {
    throw new IcpError(
      'USAGE',
      `${dir}: no CSV, TSV, Parquet or JSON files here. Put your exports in this folder or pass another one.`,
    );
  }
  return files;
}

/**
 * One table per file and one file per table: the strongest files choose first; a file whose
 * table is taken falls back to its next shape only when that one is more than a weak guess.
 */
function assign(probes: readonly Probe[]): Map<string, ShapeMatch> {
  const order = [...probes].sort(
    (a, b) => (b.ranked[0]?.score ?? 0) - (a.ranked[0]?.score ?? 0) || a.file.localeCompare(b.file),
  );
  const taken = new Set<TableName>();
  const out = new Map<string, ShapeMatch>();
  for (const p of order) {
    const match = p.ranked.find(
      (m, i) => !taken.has(m.table) && (i === 0 || m.confidence !== 'weak'),
    );
    if (!match) continue;
    taken.add(match.table);
    out.set(p.file, match);
  }
  return out;
}

function leftOut(p: Probe, assigned: ReadonlyMap<string, ShapeMatch>): string {
  const best = p.ranked[0];
  const only = p.headers.length === 1 ? p.headers[0] : undefined;
  if (!best && only !== undefined && /[,;\t|]/.test(only)) {
    // DuckDB falls back to one column when rows disagree on their fields: a report footer
    // (Salesforce ends report exports with title, copyright and "Generated By" lines) does it.
    return `${p.file}: read as one column ("${only.slice(0, 60)}${only.length > 60 ? '...' : ''}"): its rows do not all have the header's fields. Remove any lines after the data (a report export's footer) or set the delimiter, then run icp init again; left out.`;
  }
  if (!best) {
    return `${p.file}: did not look like any table (headers: ${p.headers.slice(0, 8).join(', ')}); left out.`;
  }
  const winner = [...assigned].find(([, m]) => m.table === best.table);
  const what = best.generic ? best.table : `${best.shape.vendor} ${best.shape.object}`;
  return `${p.file}: looks like ${what} (${best.reason}), but ${best.table} come${best.table.endsWith('s') ? '' : 's'} from ${winner?.[0] ?? 'another file'}, which fits better; left out.`;
}

async function describeSource(
  db: Database,
  p: Probe,
  match: ShapeMatch,
  notes: string[],
  through?: ThroughMatch,
): Promise<InitSource> {
  const units = await checkUnits(db, p.rawTable, p.file, match.table, p.headers, match.columns);
  const mapping = Object.fromEntries(
    Object.entries(units.columns).map(([c, col]) => [c, shapeMapping(col)]),
  );
  const source: SourceConfig = { path: p.file, columns: mapping };
  // The config's currency is USD; a file in another one says so.
  if (units.currency && units.currency !== 'USD') source.currency = units.currency;
  const mapped = Object.entries(units.columns).map(([c, col]) => `${c} <- "${col.header}"`);
  const extras = p.headers.length - Object.keys(units.columns).length;
  const check = match.confidence === 'weak' ? ' Check this guess before running icp check.' : '';
  notes.push(
    `${p.file} -> ${match.table} (${match.reason}): ${mapped.join(', ')}; ${extras} other column${extras === 1 ? '' : 's'} kept${match.table === 'accounts' ? ' as attributes' : ''}.${check}`,
  );
  notes.push(...match.assumptions.map((a) => `${p.file}: ${a}.`), ...units.notes);
  if (match.shape.caveat) notes.push(`${p.file}: ${match.shape.caveat}.`);
  if (match.table === 'deals') {
    const stages = await guessStages(db, p.rawTable, p.file, match);
    if (stages) {
      notes.push(stages.note);
      if (stages.won.length > 0 || stages.lost.length > 0) {
        source.values = {
          stage: {
            ...(stages.won.length > 0 ? { won: [...stages.won] } : {}),
            ...(stages.lost.length > 0 ? { lost: [...stages.lost] } : {}),
            open: [...stages.open],
          },
        };
      }
    }
  }
  if (through) {
    source.account_from = { column: through.column, table: through.table };
    notes.push(
      `${p.file}: rows take their account through "${through.column}", the key of ${through.table} (${through.from}); icp check reports how many link.`,
    );
  }
  const link = linkNote(p.file, match);
  if (link) notes.push(link);
  await db.run(`DROP TABLE IF EXISTS ${p.rawTable}`);
  return { table: match.table, source, comment: match.reason };
}

/** Says how rows without an account id will find their account. */
function linkNote(file: string, match: ShapeMatch): string | undefined {
  if (match.table === 'accounts' || match.table === 'deal_contacts') return undefined;
  const by = [
    ['account_domain', 'company domain'],
    ['email', 'email domain'],
    ['account_name', 'company name'],
  ]
    .filter(([c]) => match.columns[c as string])
    .map(([c, what]) => `"${match.columns[c as string]?.header}" (${what})`);
  if (by.length === 0) return undefined;
  const id = match.columns.account_id?.header;
  return `${file}: rows ${id ? `whose "${id}" is no account id ` : ''}will be linked to accounts by ${by.join(', then ')}; icp check reports how many link.`;
}
