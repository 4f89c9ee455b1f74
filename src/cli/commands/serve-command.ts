import type { Command } from 'commander';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { type DashboardData, loadDashboardData } from '../../pipeline/dashboard/dashboard-data.js';
import { startServer } from '../../server/start-server.js';
import type { CliIo } from '../io.js';
import { intOption } from './parse-options.js';

interface ServeFlags {
  icp: string;
  port: number;
  host: string;
  maxBatch: number;
  registry?: string;
  config?: string;
  allowedHost: string[];
}

export function serveCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'serve the scoring API (POST /v1/score, GET /v1/icp, GET /healthz, GET /openapi.json) and the web dashboard at /',
    )
    .requiredOption('--icp <file>', 'the icp.json to serve, or an id in the registry')
    .option(
      '--registry <dir>',
      'the ICP versions folder, for an id (default: $ICP_REGISTRY, else ./icp-versions)',
    )
    .option(
      '--config <file>',
      'icp.config.yaml of the data whose accounts, tiers, segments and report the dashboard shows',
    )
    .option('--port <n>', 'port', intOption('--port', 0, 65535), 8787)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--allowed-host <name>',
      'a Host name to answer besides localhost, 127.0.0.1, [::1] and the --host address (repeatable; "*" for any)',
      (name: string, names: string[]) => [...names, name],
      [] as string[],
    )
    .option(
      '--max-batch <n>',
      'most records in one request',
      intOption('--max-batch', 1, 100_000),
      1000,
    )
    .action(async (flags: ServeFlags) => {
      const { icp } = await resolveIcp(flags.icp, registryDir(flags));
      const apiKey = process.env.ICP_API_KEY || undefined;
      let dashboard: DashboardData | undefined;
      if (flags.config) {
        io.stderr(`Loading ${flags.config} and auditing it against ICP ${icp.id}...\n`);
        dashboard = await loadDashboardData(flags.config, icp);
      }
      try {
        const running = await startServer({
          icp,
          port: flags.port,
          host: flags.host,
          maxBatch: flags.maxBatch,
          allowedHosts: flags.allowedHost,
          ...(apiKey ? { apiKey } : {}),
          ...(dashboard ? { dashboard } : {}),
        });
        io.stderr(
          `Serving ICP ${icp.id} on ${running.url} (${apiKey ? 'API key required' : 'no API key: set ICP_API_KEY to require one'}); dashboard at ${running.url}/${dashboard ? ` with ${dashboard.summary.accounts.toLocaleString('en-US')} accounts` : ' (add --config icp.config.yaml for the accounts)'}. Ctrl-C stops.\n`,
        );
        await new Promise<void>((done) => {
          const stop = () => void running.close().then(done);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      } finally {
        dashboard?.close();
      }
    });
}
