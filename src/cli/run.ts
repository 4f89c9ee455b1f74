import { tmpdir, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { exitStatus, IcpError } from '../core/errors/icp-error.js';
import { ENGINE_VERSION } from '../core/version.js';
import {
  DEFAULT_MEMORY_SHARE,
  parseMemory,
  setDatabaseDefaults,
} from '../data/db/database-options.js';
import { auditCommand } from './commands/audit-command.js';
import { backtestCommand } from './commands/backtest-command.js';
import { checkCommand } from './commands/check-command.js';
import { demoCommand } from './commands/demo-command.js';
import { diffCommand } from './commands/diff-command.js';
import { discoverCommand } from './commands/discover-command.js';
import { driftCommand } from './commands/drift-command.js';
import { generateCommand } from './commands/generate-command.js';
import { initCommand } from './commands/init-command.js';
import { pullCommand } from './commands/pull-command.js';
import { pushCommand } from './commands/push-command.js';
import { reportCommand } from './commands/report-command.js';
import { scoreCommand } from './commands/score-command.js';
import { serveCommand } from './commands/serve-command.js';
import { memoryOption } from './commands/shared-options.js';
import { syncCommand } from './commands/sync-command.js';
import { verifyCommand } from './commands/verify-command.js';
import { versionsCommand } from './commands/versions-command.js';
import { escapingIo } from './escape-controls.js';
import type { CliIo } from './io.js';
import { reportError } from './report-error.js';

/**
 * Runs the `icp` command line and returns the exit status: 0 on success, 2 for a usage or
 * config mistake, 3 for bad data, 4 when an output cannot be written, 1 for a bug.
 */
export async function run(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = escapingIo(rawIo);
  const program = new Command('icp')
    .description(
      'ICP Engine: a verified, explainable Ideal Customer Profile from your own customer data',
    )
    .version(ENGINE_VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const add of [
    generateCommand,
    initCommand,
    checkCommand,
    discoverCommand,
    scoreCommand,
    auditCommand,
    reportCommand,
    verifyCommand,
    backtestCommand,
    driftCommand,
    diffCommand,
    versionsCommand,
    pullCommand,
    pushCommand,
    syncCommand,
    serveCommand,
    demoCommand,
  ])
    add(program, io);
  for (const c of program.commands) {
    c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    if (LOADS_DATA.has(c.name())) c.addOption(memoryOption()).hook('preAction', boundMemory);
  }
  program.hook('preAction', (_, command) => refuseEmptyValues(command));
  if (argv.length === 0) {
    io.stderr('icp: name a command, e.g. icp demo; icp --help lists them all.\n');
    return exitStatus.USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io);
  } finally {
    // The next run in this process (tests run many) starts from the library's defaults.
    setDatabaseDefaults({});
  }
}

/**
 * An empty string (`--config ""`, `init ""`) names no file: refused here, by name, before a
 * command reads "" as the current folder or prints a message starting with a blank.
 */
function refuseEmptyValues(command: Command): void {
  for (const option of command.options) {
    if (command.getOptionValue(option.attributeName()) === '')
      throw new IcpError(
        'USAGE',
        `${option.long ?? option.flags}: the value is empty; pass one (see icp ${command.name()} --help).`,
      );
  }
  for (const [i, arg] of command.registeredArguments.entries()) {
    if (command.args[i] === '')
      throw new IcpError(
        'USAGE',
        `the argument ${arg.name()} is empty; pass one (see icp ${command.name()} --help).`,
      );
  }
}

/** The commands that load data into DuckDB: each takes `--memory`. */
const LOADS_DATA = new Set([
  'check',
  'discover',
  'score',
  'audit',
  'report',
  'verify',
  'backtest',
  'drift',
  'diff',
  'serve',
  'demo',
  'sync',
  'pull',
  'push',
]);

/**
 * Before a data command runs: every database it opens gets the memory limit and a temporary
 * database file beside its output (`--out`), or in the system temp folder, to spill into.
 */
function boundMemory(command: Command): void {
  // sync names its folder --dir, pull its folder --out: the database goes beside the folder.
  const { memory, out = command.opts<{ dir?: string }>().dir } = command.opts<{
    memory?: string;
    out?: string;
  }>();
  setDatabaseDefaults({
    memoryLimit:
      memory === undefined ? Math.floor(totalmem() * DEFAULT_MEMORY_SHARE) : parseMemory(memory),
    spillDir:
      typeof out === 'string' && command.name() !== 'demo' ? dirname(resolve(out)) : tmpdir(),
  });
}
