/**
 * Generates a sample world and reports time, rows, bytes and peak memory (RSS sampled every
 * 100 ms), beside a baseline measured in the same run: writing the same number of bytes of
 * ready-made CSV text to disk, the floor any generator sits on.
 *
 *   npx tsx bench/generate-memory.ts [accounts=1000000] [seed=1]
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld } from '../src/sample/generate-world.js';

const accounts = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 100);

const dir = await mkdtemp(join(tmpdir(), 'icp-bench-generate-'));
try {
  const t0 = performance.now();
  const summary = await generateWorld({ accounts, seed, out: join(dir, 'world') });
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  const totalBytes = summary.files.reduce((s, f) => s + f.bytes, 0);
  const totalRows = summary.files.reduce((s, f) => s + f.rows, 0);
  const generatePeak = peak;

  // Baseline: the same bytes of one repeated CSV line, written with the same chunking.
  peak = 0;
  const line = `${'x'.repeat(44)}\n`;
  const chunk = line.repeat(Math.floor((1 << 18) / line.length));
  const t1 = performance.now();
  const out = createWriteStream(join(dir, 'baseline.csv'));
  for (let written = 0; written < totalBytes; written += chunk.length) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const baseSeconds = (performance.now() - t1) / 1000;

  console.log(`generate ${accounts.toLocaleString('en-US')} accounts (seed ${seed})`);
  for (const f of summary.files) {
    console.log(
      `  ${f.name.padEnd(18)} ${f.rows.toLocaleString('en-US').padStart(12)} rows ${mb(f.bytes).padStart(9)}`,
    );
  }
  console.log(
    `  total              ${totalRows.toLocaleString('en-US').padStart(12)} rows ${mb(totalBytes).padStart(9)}`,
  );
  console.log(
    `icp generate:     ${seconds.toFixed(1)} s, ${(accounts / seconds).toFixed(0)} accounts/s, ${mb(totalBytes / seconds)}/s, peak RSS ${mb(generatePeak)}`,
  );
  console.log(`baseline (write): ${baseSeconds.toFixed(1)} s, ${mb(totalBytes / baseSeconds)}/s`);
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}
