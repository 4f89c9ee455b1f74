/**
 * Runs one `scoreFile` in a fresh process and prints its time, the time of its scoring COPY (the
 * summary is counted in it), its CPU and its peak RSS as JSON (for bench/score.ts). A fourth
 * argument sets `reasons` (text, the default, or none).
 */
import { readIcp } from '../src/data/icp/icp-file.js';
import { scoreFile } from '../src/pipeline/score/score-file.js';
import { peakRssBytes } from './peak-rss.js';

const [icpFile, input, out, reasons = 'text'] = process.argv.slice(2) as [
  string,
  string,
  string,
  'text' | 'none' | undefined,
];
const icp = await readIcp(icpFile);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let scoredAt = t0;
const result = await scoreFile(icp, input, out, {
  reasons,
  // The pass reports 100 at its end: the time after it is the summary's.
  onProgress: (done, _total, stage) => {
    if (stage === 'scoring' && done === 100) scoredAt = performance.now();
  },
});
const seconds = (performance.now() - t0) / 1000;
// The call alone, without the process's start (Node, tsx, reading the ICP).
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    rows: result.rows,
    seconds,
    scoringSeconds: (scoredAt - t0) / 1000,
    maxRssBytes: peakRssBytes(),
    callCpuSeconds: (cpu.user + cpu.system) / 1e6,
    userSeconds: process.resourceUsage().userCPUTime / 1e6,
    systemSeconds: process.resourceUsage().systemCPUTime / 1e6,
  }),
);
