/**
 * Load on the scoring API over loopback: 100 concurrent connections (autocannon, in this
 * process) for 60 s on single-record POST /v1/score, beside the same load on GET /healthz (the
 * server's floor) in the same run. The server runs in a child process (bench/serve-child.ts,
 * with --expose-gc): its RSS is read after a short warm-up at the start of each load, every
 * 250 ms during it (the peak), and after it following a full GC. Nothing leaves the machine.
 *
 *   npm run bench:serve -- [seconds=60] [connections=100] [icp.json]
 *
 * Without an icp.json, one is discovered from a generated 3,000-account world first.
 * Targets (issue 18): p99 under 100 ms for single records; RSS after the load within 10% of
 * its start.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { writeIcp } from '../src/data/icp/icp-file.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';

const seconds = Number(process.argv[2] ?? 60);
const connections = Number(process.argv[3] ?? 100);
const givenIcp = process.argv[4];
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;

const dir = await mkdtemp(join(tmpdir(), 'icp-bench-serve-'));
let child: ChildProcess | undefined;
try {
  let icpFile = givenIcp;
  if (!icpFile) {
    await generateWorld({ accounts: 3000, seed: 4, out: join(dir, 'world') });
    icpFile = join(dir, 'icp.json');
    await writeIcp(
      icpFile,
      await discover(join(dir, 'world', 'icp.config.yaml'), { today: WORLD_TODAY }),
    );
  }
  child = fork('bench/serve-child.ts', [icpFile], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const server = child;
  const [{ url }] = (await once(server, 'message')) as [{ url: string }];
  let heapAfterGc = 0;
  const ask = async (m: 'rss' | 'gc'): Promise<number> => {
    server.send(m);
    const [reply] = (await once(server, 'message')) as [{ rss: number; heapUsed: number }];
    if (m === 'gc') heapAfterGc = reply.heapUsed;
    return reply.rss;
  };
  // One RSS question at a time on the channel: the sampler and the GC never interleave.
  let asking = Promise.resolve(0);
  const serialAsk = (m: 'rss' | 'gc') => (asking = asking.then(() => ask(m)));

  const lead = JSON.stringify({
    Industry: 'Fintech',
    Employees: 450,
    'Annual Revenue': 60_000_000,
    Region: 'Europe',
    'Funding Stage': 'Series B',
  });
  const request = (phase: { path: string; method: 'GET' | 'POST'; body?: string }) => ({
    url: `${url}${phase.path}`,
    method: phase.method,
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' },
    ...(phase.body ? { body: phase.body } : {}),
  });
  const phases: { label: string; path: string; method: 'GET' | 'POST'; body?: string }[] = [
    { label: 'baseline: GET /healthz', path: '/healthz', method: 'GET' as const },
    {
      label: 'POST /v1/score (one record)',
      path: '/v1/score',
      method: 'POST' as const,
      body: lead,
    },
  ];
  console.log(
    `${seconds} s each, ${connections} connections (autocannon), loopback, server in a child process`,
  );
  // A first request compiles code and fills buffer pools once: RSS grows by that whatever the
  // load. A short warm-up on both routes comes before the "start" figures (the idle RSS before
  // it is printed too), so the drift measures what the load leaves behind.
  const idle = await serialAsk('gc');
  for (const phase of phases) {
    await autocannon({
      ...request(phase),
      connections: 10,
      duration: 3,
    });
  }
  console.log(
    `RSS idle before any request ${mb(idle)}; after a 3 s warm-up of each route ${mb(await serialAsk('gc'))}`,
  );
  for (const phase of phases) {
    const start = await serialAsk('gc');
    let peak = start;
    const sampler = setInterval(() => {
      void serialAsk('rss').then((rss) => {
        peak = Math.max(peak, rss);
      });
    }, 250);
    const result = await autocannon({ ...request(phase), connections, duration: seconds });
    clearInterval(sampler);
    await serialAsk('gc');
    await new Promise((r) => setTimeout(r, 1000));
    const after = await serialAsk('gc');
    const drift = (after - start) / start;
    console.log(
      `${phase.label.padEnd(28)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  (${result.requests.total.toLocaleString('en-US')} requests, ${result.non2xx} not 2xx, ${result.errors} errors, ${result.timeouts} timeouts)`,
    );
    console.log(
      `${''.padEnd(28)} RSS start ${mb(start)}, peak ${mb(peak)}, after the load and a GC ${mb(after)} (${drift >= 0 ? '+' : ''}${(drift * 100).toFixed(1)}%; V8 heap used ${mb(heapAfterGc)})`,
    );
    if (phase.path === '/v1/score') {
      console.log(
        `targets: p99 < 100 ms ${result.latency.p99 < 100 ? 'met' : 'NOT met'}; RSS after within 10% of start ${Math.abs(drift) <= 0.1 ? 'met' : 'NOT met'}`,
      );
    }
  }
  server.send('stop');
  await once(server, 'exit');
  child = undefined;
} finally {
  child?.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
