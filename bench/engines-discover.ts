/**
 * Discovery inside each engine for `npm run bench:engines`: `discoverInDatabase` (what
 * `icp discover --source ... --table leads --key "Account ID" --target Won --positive yes` runs)
 * on the table the scoring bench scores, beside the engine's own one GROUP BY scan of that
 * table in the same run; then a check that every engine's ICP is the first one's to 1e-9.
 */
import type { IcpDefinition } from '../src/core/icp/definition.js';
import type { SqlSource, WireCount } from '../src/data/remote/sql-source.js';
import { discoverInDatabase } from '../src/pipeline/discover/in-database/discover-in-database.js';
import { peakRssBytes } from './peak-rss.js';
import { stageTimer, timeScan } from './stage-timer.js';

/** The bench table's target: an account with a won deal (`Won` = yes / no). */
export const DISCOVER_FLAGS = { target: 'Won', positive: 'yes', key: 'Account ID' } as const;

export interface Discovered {
  readonly engine: string;
  /** The first line printed. */
  readonly line: string;
  readonly icp: IcpDefinition;
  readonly wire: WireCount;
  readonly wall: number;
  /** CPU seconds of this process (DuckDB's threads included when it runs in process). */
  readonly cpu: number;
  readonly scan: { wall: number; cpu: number };
  /** Each stage's wall seconds (`onStage`), in order. */
  readonly stages: ReadonlyMap<string, { wall: number; cpu: number }>;
}

/**
 * One GROUP BY scan of `table` (a text column's groups, a count, a text maximum: every engine
 * reads the same two columns the same way), then discovery on it; each timed alone.
 */
export async function discoverIn(
  engine: string,
  source: SqlSource,
  table: string,
  shown: string,
  rows: number,
  rankRows?: number,
): Promise<Discovered> {
  const scan = await timeScan(() =>
    source.rows(
      `SELECT "Industry" AS g, count(*) AS n, max("Annual Revenue") AS m FROM ${table} GROUP BY "Industry"`.replaceAll(
        '"',
        source.dialect === 'clickhouse' ? '`' : '"',
      ),
    ),
  );
  const { mark, times } = stageTimer();
  let found: Awaited<ReturnType<typeof discoverInDatabase>> | undefined;
  const run = await timeScan(async () => {
    found = await discoverInDatabase(source, {
      table,
      shown,
      ...DISCOVER_FLAGS,
      ...(rankRows ? { rankRows } : {}),
      onStage: mark,
    });
    mark('end');
  });
  if (!found) throw new Error(`${engine}: discovery returned nothing`);
  const discovered = { engine, ...found, ...run, scan, stages: times };
  // Printed at once: a long run that fails later still shows this engine's figures.
  return { ...discovered, line: printDiscovered(discovered, rows) };
}

/** Prints one engine's discovery (rows/s, CPU, the wire, the scan baseline, the stages); returns its first line. */
function printDiscovered(d: Omit<Discovered, 'line'>, rows: number): string {
  const rate = (s: number) => Math.round(rows / s).toLocaleString('en-US');
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  const line = `${d.engine.padEnd(30)} discover ${d.wall.toFixed(1).padStart(6)} s = ${rate(d.wall).padStart(9)} rows/s, ${d.cpu.toFixed(1)} CPU-s here; ${d.wire.queries} queries, ${d.wire.rows.toLocaleString('en-US')} rows / ${mb(d.wire.bytes)} back   scan ${d.scan.wall.toFixed(2)} s = ${rate(d.scan.wall)} rows/s (${d.scan.cpu.toFixed(2)} CPU-s here)   discover/scan ${(d.wall / d.scan.wall).toFixed(0)}x`;
  console.log(line);
  const stages = [...d.stages]
    .filter(([s]) => s !== 'start')
    .map(([s, t]) => `${s} ${t.wall.toFixed(1)} s / ${t.cpu.toFixed(1)} CPU-s`);
  console.log(`  stages: ${stages.join('; ')}`);
  console.log(
    `  ${d.icp.target.positives.toLocaleString('en-US')} of ${d.icp.target.eligible.toLocaleString('en-US')} positive; verdict ${d.icp.verdict.kind}; ICP ${d.icp.id}; AUC ${d.icp.validation?.auc ?? 'n/a'}; peak RSS of the bench so far ${mb(peakRssBytes())}`,
  );
  return line;
}

/**
 * Whether every engine's ICP equals the first one's to 1e-9 in every figure (ids, names and
 * provenance aside): a sentence saying so, or naming the first figure that differs.
 */
export function agreement(found: readonly Discovered[]): string {
  const [first, ...others] = found;
  if (!first) return 'no discovery ran';
  for (const other of others) {
    const differs = firstDifference(body(first.icp), body(other.icp), '');
    if (differs)
      return `${other.engine}'s ICP differs from ${first.engine}'s at ${differs} (more than 1e-9)`;
  }
  return `the ${found.length} ICPs agree to 1e-9 in every figure (${found.map((d) => d.engine).join(', ')})`;
}

function body(icp: IcpDefinition): unknown {
  const { id: _id, name: _name, provenance: _provenance, ...rest } = icp;
  return JSON.parse(JSON.stringify(rest));
}

/** The path of the first value of `a` and `b` that differs (numbers: by more than 1e-9, relative beyond 1). */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a)) ? `${path} (${a}, ${b})` : undefined;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    if (keys.join('\u0000') !== Object.keys(b).join('\u0000')) return `${path} (its keys)`;
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${path} (${String(a)}, ${String(b)})`;
}
