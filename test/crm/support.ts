import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, type Row } from '../../src/data/db/database.js';
import { quoteLiteral } from '../../src/core/sql/quote.js';

/** A temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a credentials file (mode 600) of NAME=value lines. */
export function credentialsFile(dir: string, values: Record<string, string>): string {
  const path = join(dir, `creds-${Object.keys(values).join('-')}.env`);
  writeFileSync(
    path,
    `# test credentials\n${Object.entries(values)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  );
  return path;
}

/** Runs one query over the Parquet files of a folder (`{dir}` in the SQL is the folder). */
export async function query(dir: string, sql: string): Promise<Row[]> {
  const db = await Database.open();
  try {
    return await db.all(
      sql
        .replaceAll('{dir}', dir)
        .replace(/'([^']+\.parquet)'/g, (_, f) => `read_parquet(${quoteLiteral(f)})`),
    );
  } finally {
    db.close();
  }
}

/** Waits recorded instead of slept (the retry tests check the delays asked for, not time). */
export function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
}

/**
 * The `icp` command line in a child process (through tsx, from the sources), so a test can
 * kill it mid-run the way cron or an OOM killer would.
 */
export function spawnIcp(args: readonly string[]): {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((r) => child.on('exit', (code, signal) => r({ code, signal, stderr })));
  return { child, exited };
}
