/**
 * One measured step in a fresh process, for bench/memory.ts: prints its seconds and the
 * process's peak RSS as JSON. Steps: score ICP IN OUT, check CONFIG, discover CONFIG, and the
 * baselines copy IN OUT (DuckDB copies the file) and load CONFIG (DuckDB reads every file of a
 * config into tables, nothing else). MEMORY (bytes) and SPILL (a folder) set every database.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { quoteIdent, quoteLiteral } from '../src/core/sql/quote.js';
import { setDatabaseDefaults } from '../src/data/db/database-options.js';
import { Database } from '../src/data/db/database.js';
import { readIcp } from '../src/data/icp/icp-file.js';
import { check } from '../src/pipeline/check.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { scoreFile } from '../src/pipeline/score/score-file.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { peakRssBytes } from './peak-rss.js';

const [step, a, b, c] = process.argv.slice(2) as [string, string, string?, string?];
const memory = process.env.MEMORY;
setDatabaseDefaults({
  ...(memory ? { memoryLimit: Number(memory) } : {}),
  ...(process.env.SPILL ? { spillDir: process.env.SPILL } : {}),
});
const t0 = performance.now();
switch (step) {
  case 'score':
    await scoreFile(await readIcp(a), b!, c!);
    break;
  case 'check':
    await check(a, { today: WORLD_TODAY });
    break;
  case 'discover':
    await discover(a, { today: WORLD_TODAY });
    break;
  case 'copy': {
    const db = await Database.open();
    await db.run(
      `COPY (SELECT * FROM read_csv(${quoteLiteral(a)}, all_varchar = true)) TO ${quoteLiteral(b!)} (FORMAT csv, HEADER)`,
    );
    db.close();
    break;
  }
  case 'load': {
    const db = await Database.open();
    for (const f of readdirSync(dirname(a)).filter((n) => n.endsWith('.csv')))
      await db.run(
        `CREATE TABLE ${quoteIdent(f.replace('.csv', ''))} AS SELECT * FROM read_csv(${quoteLiteral(join(dirname(a), f))}, all_varchar = true)`,
      );
    db.close();
    break;
  }
  default:
    throw new Error(`unknown step ${step}`);
}
console.log(
  JSON.stringify({
    seconds: (performance.now() - t0) / 1000,
    maxRssBytes: peakRssBytes(),
  }),
);
