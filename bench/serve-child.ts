/**
 * The server side of bench/serve-load.ts: `startServer` on a loopback port, run with
 * --expose-gc. Over the IPC channel it reports its URL once listening, and answers "rss"
 * (resident set size, V8 heap used and external memory, in bytes) and "gc" (a full
 * collection first, then the same).
 */
import { readIcp } from '../src/data/icp/icp-file.js';
import { startServer } from '../src/server/start-server.js';

const [icpFile] = process.argv.slice(2) as [string];
const icp = await readIcp(icpFile);
const running = await startServer({ icp, port: 0, apiKey: 'bench-key' });
const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (m: string) => {
  if (m === 'gc') gc?.();
  if (m === 'stop') {
    void running.close().then(() => process.exit(0));
    return;
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  process.send?.({ rss, heapUsed, external, gc: gc !== undefined });
});
process.send?.({ url: running.url });
