import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IcpError } from '../core/errors/icp-error.js';
import { writeFileAtomic } from '../data/output/write-atomic.js';
import { type AccountRows, accountRows, type WorldSettings } from './account-rows.js';
import { Calendar, dayOf } from './calendar.js';
import { sampleConfigYaml } from './config-yaml.js';
import { CsvSink } from './csv-sink.js';
import { EMERGING, WORLD_START, WORLD_TODAY } from './planted-truth.js';
import { addText, rowMarks, TEXT_HEADERS } from './text-rows.js';

export interface GenerateOptions {
  readonly accounts: number;
  readonly seed: number;
  readonly out: string;
  /** Plant the segment that only performs in the last four quarters (default true). */
  readonly drift?: boolean;
  /** Plant the themes in the text (default true); false: every account writes alike. */
  readonly themes?: boolean;
  readonly onProgress?: (accountsDone: number, total: number) => void;
}

export interface GenerateSummary {
  readonly out: string;
  readonly seed: number;
  readonly accounts: number;
  readonly files: readonly { name: string; rows: number; bytes: number }[];
}

const HEADERS: Record<keyof AccountRows, string> = {
  accounts:
    'Account ID,Company Name,Domain,Industry,Employees,Annual Revenue,Country,Region,Created At,Funding Stage,Tech Stack,Lead Source,CRM,Founded Year',
  deals: `Deal ID,Account ID,Created At,Close Date,Stage,Amount,Lead Source,Owner${TEXT_HEADERS.deals}`,
  invoices: 'Invoice ID,Account ID,Date,Amount',
  tickets: `Ticket ID,Account ID,Created At,Minutes,Priority${TEXT_HEADERS.tickets}`,
  usage: 'Account ID,Date,Metric,Value',
  contacts: 'Contact ID,Account ID,Name,Title,Role,Seniority,Department',
  deal_contacts: 'Deal ID,Contact ID,Role',
  feedback: 'Account ID,Date,Score,Comment',
};

/**
 * Writes a synthetic B2B SaaS company's exports and a ready icp.config.yaml into `out`.
 * Deterministic per seed (byte-identical files), streamed account by account so a million
 * accounts take bounded memory. Files appear only when complete.
 *
 * @example await generateWorld({ accounts: 5000, seed: 1, out: 'sample' });
 */
export async function generateWorld(options: GenerateOptions): Promise<GenerateSummary> {
  const { accounts, seed, out, drift = true, themes = true, onProgress } = options;
  if (!Number.isSafeInteger(accounts) || accounts < 0) {
    throw new IcpError(
      'USAGE',
      `accounts: ${accounts} is not a count. Use a whole number, 0 or more.`,
    );
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new IcpError(
      'USAGE',
      `seed: ${seed} is not a seed. Use a whole number from 0 to 4294967295.`,
    );
  }
  const dir = resolve(out);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new IcpError(
      'OUTPUT',
      `${dir}: cannot create the folder (${(error as NodeJS.ErrnoException).code ?? String(error)}). Choose another output folder.`,
      { cause: error },
    );
  }
  const start = dayOf(WORLD_START);
  const today = dayOf(WORLD_TODAY);
  const settings: WorldSettings = {
    seed,
    drift,
    calendar: new Calendar(start - 31, today + 400),
    start,
    today,
    emergingFrom: dayOf(EMERGING.from),
  };
  const names = Object.keys(HEADERS) as (keyof AccountRows)[];
  const sinks = names.map((n) => new CsvSink(join(dir, `${n}.csv`), HEADERS[n]));
  const rows: AccountRows = {
    accounts: [],
    deals: [],
    invoices: [],
    tickets: [],
    usage: [],
    contacts: [],
    deal_contacts: [],
    feedback: [],
  };
  try {
    for (let i = 0; i < accounts; i++) {
      const marks = rowMarks(rows);
      addText(seed, i, accountRows(i, settings, rows), themes, rows, marks);
      if (i % 1000 === 999 || i === accounts - 1) {
        for (const [k, n] of names.entries()) sinks[k]!.push(rows[n]);
        await Promise.all(sinks.map((s) => s.drain()));
        onProgress?.(i + 1, accounts);
      }
    }
    // Finish every file before renaming any, so a late write error publishes none of them.
    await Promise.all(sinks.map((s) => s.end()));
    for (const s of sinks) await s.publish();
    await writeFileAtomic(
      join(dir, 'icp.config.yaml'),
      sampleConfigYaml(seed, accounts, drift, themes),
    );
    return {
      out: dir,
      seed,
      accounts,
      files: names.map((n, k) => ({
        name: `${n}.csv`,
        rows: sinks[k]!.rows,
        bytes: sinks[k]!.bytes,
      })),
    };
  } catch (error) {
    await Promise.all(sinks.map((s) => s.abort()));
    throw error;
  }
}
