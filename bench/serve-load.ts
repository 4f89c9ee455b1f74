/**
 * Loopback load on the scoring API: single-record POST /v1/score requests at a fixed
 * concurrency for a bounded time, beside the same load on GET /healthz (the server's floor) in
 * the same run. The server runs in a child process on 127.0.0.1; nothing leaves the machine.
 *
 *   npx tsx bench/serve-load.ts [seconds=30] [concurrency=16] [icp=demo-output/icp.json]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const seconds = Number(process.argv[2] ?? 30);
const concurrency = Number(process.argv[3] ?? 16);
const icpFile = process.argv[4] ?? 'demo-output/icp.json';
const port = 18_787;
const MAX_REQUESTS = 2_000_000; // a hard bound whatever the speed

const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--icp', icpFile, '--port', String(port)],
  {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ICP_API_KEY: 'bench-key' },
  },
);
let log = '';
child.stderr.on('data', (d: Buffer) => {
  log += d.toString();
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  if (log.includes('Serving ICP')) break;
  await new Promise((r) => setTimeout(r, 100));
}
if (!log.includes('Serving ICP')) throw new Error(`the server did not start:\n${log}`);

const lead = JSON.stringify({
  Industry: 'Fintech',
  Employees: 450,
  'Annual Revenue': 60_000_000,
  Region: 'Europe',
  'Funding Stage': 'Series B',
});
const headers = { 'content-type': 'application/json', authorization: 'Bearer bench-key' };

async function load(label: string, request: () => Promise<Response>): Promise<void> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end && latencies.length + errors < MAX_REQUESTS) {
      const t = performance.now();
      const res = await request();
      await res.arrayBuffer();
      if (res.status === 200) latencies.push(performance.now() - t);
      else errors++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => (latencies[Math.floor(p * (latencies.length - 1))] ?? 0).toFixed(2);
  console.log(
    `${label.padEnd(28)} ${(latencies.length / elapsed).toFixed(0).padStart(6)} req/s  p50 ${q(0.5)} ms  p99 ${q(0.99)} ms  errors ${errors}  (${latencies.length} in ${elapsed.toFixed(1)} s)`,
  );
}

try {
  console.log(`${seconds} s each, ${concurrency} concurrent requests, loopback`);
  await load('baseline: GET /healthz', () => fetch(`${base}/healthz`));
  await load('POST /v1/score (one record)', () =>
    fetch(`${base}/v1/score`, { method: 'POST', headers, body: lead }),
  );
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}
