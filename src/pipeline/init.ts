import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SourceConfig } from '../core/config/schema.js';
import { IcpError } from '../core/errors/icp-error.js';
import {
  normalizeHeader,
  TABLE_NAMES,
  type TableName,
  tableSpec,
} from '../core/model/canonical.js';
import { Database } from '../data/db/database.js';
import { isDataFile, readRaw } from '../data/source/read-raw.js';
import { resolveColumns } from '../data/source/resolve-columns.js';

/** Words in file names that say which table a file holds. */
const NAME_HINTS: Record<TableName, readonly string[]> = {
  accounts: ['account', 'compan', 'customer', 'organi', 'firm'],
  deals: ['deal', 'opportunit', 'pipeline', 'sales'],
  invoices: ['invoice', 'billing', 'payment'],
  subscriptions: ['subscription', 'plan', 'contract'],
  tickets: ['ticket', 'support', 'case'],
  usage: ['usage', 'event', 'activity', 'feature'],
  contacts: ['contact', 'people', 'person', 'lead'],
  deal_contacts: ['dealcontact', 'opportunitycontact', 'contactrole'],
  churn_events: ['churn', 'cancel'],
  feedback: ['feedback', 'nps', 'survey'],
};

export interface InitResult {
  /** The config text written. */
  readonly yaml: string;
  /** One line per decision, for the user to review. */
  readonly notes: readonly string[];
}

/**
 * Looks at the data files in a folder and writes a starter config: which file holds which
 * table, and which header maps to which canonical column. Says what it guessed.
 */
export async function initConfig(dir: string): Promise<InitResult> {
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
      {
        cause: error,
      },
    );
  }
  const files = names.filter((n) => !n.startsWith('.') && isDataFile(n));
  if (files.length === 0) {
    throw new IcpError(
      'USAGE',
      `${dir}: no CSV, TSV, Parquet or JSON files here. Put your exports in this folder or pass another one.`,
    );
  }
  const db = await Database.open();
  const notes: string[] = [];
  const chosen = new Map<TableName, { file: string; source: SourceConfig; fit: number }>();
  try {
    for (const file of files) {
      const probe: SourceConfig = { path: file };
      const raw = await readRaw(db, 'probe', probe, join(dir, file)).catch(() => undefined);
      if (!raw) {
        notes.push(`${file}: could not be read; left out.`);
        continue;
      }
      const best = bestTable(file, raw.headers);
      if (!best) {
        notes.push(
          `${file}: did not look like any table (headers: ${raw.headers.slice(0, 8).join(', ')}); left out.`,
        );
        continue;
      }
      const current = chosen.get(best.table);
      if (current && current.fit >= best.fit) {
        notes.push(
          `${file}: looks like ${best.table} too, but ${current.file} fits better; left out.`,
        );
        continue;
      }
      const resolved = resolveColumns(best.table, raw.headers, { path: file });
      const columns = Object.fromEntries(
        Object.entries(resolved.mapped).map(([c, r]) => [c, r.header]),
      );
      const source: SourceConfig = { path: file, columns };
      if (best.table === 'deals' && resolved.mapped.stage) {
        const values = await db.all(
          `SELECT DISTINCT trim(CAST("${resolved.mapped.stage.header.replaceAll('"', '""')}" AS VARCHAR)) AS v FROM raw_probe WHERE v IS NOT NULL ORDER BY v`,
        );
        const stages = values.map((v) => String(v.v));
        const won = stages.filter((s) => /\bwon\b|^win$/i.test(s));
        const lost = stages.filter((s) => /\blost\b|^loss$/i.test(s));
        const open = stages.filter((s) => !won.includes(s) && !lost.includes(s));
        if (won.length > 0 && lost.length > 0) {
          source.values = { stage: { won, lost, open } };
          notes.push(
            `${file}: stages ${won.join(', ')} taken as won, ${lost.join(', ')} as lost, ${open.join(', ') || 'none'} as open.`,
          );
        } else {
          notes.push(
            `${file}: could not tell won from lost among the stages (${stages.slice(0, 8).join(', ')}); set sources.deals.values.stage.`,
          );
        }
      }
      chosen.set(best.table, { file, source, fit: best.fit });
      const mapped = Object.entries(resolved.mapped).map(([c, r]) => `${c} <- "${r.header}"`);
      notes.push(
        `${file}: ${best.table} (${mapped.join(', ')}); ${resolved.extras.length} other column${resolved.extras.length === 1 ? '' : 's'} kept as attributes.`,
      );
    }
  } finally {
    db.close();
  }
  if (!chosen.has('accounts')) {
    throw new IcpError(
      'DATA',
      `${dir}: none of ${files.join(', ')} looks like an accounts file (one row per company with an id column). Add one, or write the config by hand (see the README).`,
    );
  }
  const sources = Object.fromEntries(
    TABLE_NAMES.filter((t) => chosen.has(t)).map((t) => [t, chosen.get(t)!.source]),
  );
  const header = `# Written by "icp init" from the files in this folder. Review the guesses, then run:\n#   icp check --config icp.config.yaml\n`;
  return { yaml: header + stringify({ version: 1, currency: 'USD', sources }), notes };
}

/** The table a file most likely holds: its required columns must all be found. */
function bestTable(
  file: string,
  headers: readonly string[],
): { table: TableName; fit: number } | undefined {
  const normal = new Set(headers.map(normalizeHeader));
  const fileKey = normalizeHeader(file);
  let best: { table: TableName; fit: number } | undefined;
  for (const table of TABLE_NAMES) {
    const cols = Object.entries(tableSpec(table).columns);
    const found = cols.filter(([c, spec]) =>
      [c, ...spec.aliases].some((a) => normal.has(normalizeHeader(a))),
    );
    const requiredOk = cols.every(([c, spec]) => !spec.required || found.some(([f]) => f === c));
    if (!requiredOk) continue;
    const nameHit = NAME_HINTS[table].some((h) => fileKey.includes(h)) ? 3 : 0;
    const fit = found.length / cols.length + nameHit;
    if (!best || fit > best.fit) best = { table, fit };
  }
  return best;
}
