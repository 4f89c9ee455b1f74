/**
 * `icp discover --data` stage by stage: the time of each stage (loading, typing, the
 * attributes' fine bins and evidence, the cross-validation folds and their scorecard fits,
 * the all-rows fit, segments, writing) and the peak RSS, beside one DuckDB GROUP BY scan of the
 * same file measured in the same run, the floor of anything that reads the data, and beside
 * scikit-learn's one-hot logistic regression on the file when a Python with scikit-learn is found.
 *
 *   npm run bench:discover-stages -- [rows=200000] [csv=../shared/datasets/uci-adult-income/adult.data.csv] [target=income] [positive=>50K]
 *
 * `SKLEARN=0` skips the scikit-learn baseline.
 *
 * The file is the dataset's rows repeated up to `rows` (not timed), written to a temporary
 * folder removed at the end. A stage's time is from its start to the next stage's start; the
 * stages of the cross-validation folds are summed over the folds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { quoteIdent, quoteLiteral } from '../src/core/sql/quote.js';
import { Database } from '../src/data/db/database.js';
import { writeIcp } from '../src/data/icp/icp-file.js';
import { openSource } from '../src/data/source/open-source.js';
import { discoverGeneric } from '../src/pipeline/discover/discover-generic.js';
import { printStages, rssSampler, stageTimer, timeScan } from './stage-timer.js';
import { sklearnLogistic } from './sklearn-baseline.js';

const rows = Number(process.argv[2] ?? 200_000);
const source = resolve(process.argv[3] ?? '../shared/datasets/uci-adult-income/adult.data.csv');
const target = process.argv[4] ?? 'income';
const positive = process.argv[5] ?? '>50K';
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const dir = await mkdtemp(join(tmpdir(), 'icp-bench-stages-'));
try {
  const file = join(dir, 'data.csv');
  const db = await Database.open();
  // Read as the engine reads a file (a normalised copy of one in Mac Roman or with CR line
  // breaks, e.g. Crunchbase as shipped), then written back as UTF-8 CSV with LF.
  const opened = await openSource('data', { path: source }, source);
  try {
    const src = opened.reader;
    const n = Number((await db.one(`SELECT count(*) AS n FROM ${src}`))?.n);
    await db.run(
      `COPY (SELECT s.* FROM ${src} s, range(${Math.ceil(rows / n)}) t(c) LIMIT ${rows}) TO ${quoteLiteral(file)} (FORMAT csv, HEADER)`,
    );
  } finally {
    await opened.close();
  }
  // Types sniffed from every row (not timed): a sample can miss a bad cell far down the file.
  const columns = (
    await db.all(`DESCRIBE SELECT * FROM read_csv(${quoteLiteral(file)}, sample_size = -1)`)
  ).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  // One GROUP BY over every row: a text column's groups, a count and a number's mean. The cells
  // are read as text (a file with a bad cell in a number column, e.g. Crunchbase, cannot be read
  // with sniffed types) and the number cast, as discovery reads them.
  const group = columns.find((c) => c.type === 'VARCHAR' && c.name !== target) ?? columns[0];
  const measure = columns.find((c) => /INT|DOUBLE|DECIMAL/.test(c.type)) ?? columns[0];
  const scan = await timeScan(() =>
    db.all(
      `SELECT ${quoteIdent(group!.name)}, count(*), avg(try_cast(${quoteIdent(measure!.name)} AS DOUBLE)) FROM read_csv(${quoteLiteral(file)}, all_varchar = true) GROUP BY 1`,
    ),
  );
  db.close();

  const rss = rssSampler();
  const { mark, times } = stageTimer();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const icp = await discoverGeneric({ data: file, target, positive, onStage: mark });
  mark('write ICP');
  await writeIcp(join(dir, 'icp.json'), icp);
  mark('end');
  const seconds = (performance.now() - t0) / 1000;
  const peak = rss.stop();

  console.log(
    `discover --data on ${rows.toLocaleString('en-US')} rows of ${source.split('/').pop()}`,
  );
  printStages(times, scan.wall, seconds, process.cpuUsage(cpu0));
  console.log(`  peak RSS ${mb(peak)}`);
  console.log(
    `  ${icp.target.positives.toLocaleString('en-US')} of ${icp.target.eligible.toLocaleString('en-US')} positive; verdict ${icp.verdict.kind}; AUC ${icp.validation?.auc ?? 'n/a'}`,
  );
  console.log(
    `baseline: one DuckDB GROUP BY scan of the file (${group!.name}, count, avg ${measure!.name}): ${scan.wall.toFixed(2)} s (${scan.cpu.toFixed(2)} s CPU)`,
  );
  // Run after discovery, alone, so neither slows the other; SKLEARN=0 skips it (iterating on a
  // shared machine, where its minute and a half at 1,000,000 rows is not what is measured).
  if (process.env.SKLEARN !== '0')
    console.log(`baseline: ${sklearnLogistic(file, target, positive)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
