/**
 * Runs one `scoreFile` in a fresh process and prints its time, its user and system CPU and its
 * peak RSS as JSON (for bench/score.ts).
 */
import { readIcp } from '../src/data/icp/icp-file.js';
import { scoreFile } from '../src/pipeline/score/score-file.js';

const [icpFile, input, out] = process.argv.slice(2) as [string, string, string];
const icp = await readIcp(icpFile);
const t0 = performance.now();
const result = await scoreFile(icp, input, out);
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    rows: result.rows,
    seconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    userSeconds: process.resourceUsage().userCPUTime / 1e6,
    systemSeconds: process.resourceUsage().systemCPUTime / 1e6,
  }),
);
