import type { Command } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { checkIcpValues } from '../../data/icp/check-icp-values.js';
import { discover } from '../../pipeline/discover/discover-config.js';
import { discoverGeneric, type GenericOptions } from '../../pipeline/discover/discover-generic.js';
import { withLineage } from '../../pipeline/discover/lineage.js';
import { formatIcp } from '../format/icp-text.js';
import type { CliIo } from '../io.js';
import { checkOutputs, flagInput } from './command-outputs.js';
import { sourceDiscovery, sourceOptions, wireSentence } from './discover-source.js';
import { dateOption, listOption } from './parse-options.js';
import { configOption, jsonOption, todayOption } from './shared-options.js';

interface DiscoverFlags {
  config?: string;
  source?: string;
  table?: string;
  key?: string;
  data?: string;
  target?: string;
  positive?: string[];
  negative?: string[];
  asOf?: string;
  id?: string;
  account?: string;
  exclude?: string[];
  keep?: string[];
  out: string;
  json?: boolean;
  today?: string;
  since?: string;
  parent?: string;
  /** A folder, or false for --no-registry. */
  registry?: string | false;
}

export function discoverCommand(program: Command, io: CliIo): void {
  program
    .command('discover')
    .description(
      'discover the ICP: evidence per attribute, a scorecard, segments and the anti-ICP, written to icp.json',
    )
    .addOption(configOption({ optional: true }))
    .option('--data <file>', 'or: one CSV / Parquet / JSON export, with --target and --positive')
    .addOption(sourceOptions.source)
    .addOption(sourceOptions.table)
    .addOption(sourceOptions.key)
    .option('--target <column>', 'with --data: the yes/no column to learn')
    .option(
      '--positive <value>',
      'with --data: the value of --target that counts as positive; several: --positive acquired,ipo or the flag repeated',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--negative <value>',
      'with --data or --source: the value of --target that counts as negative; rows with any other value are left out (--positive Won --negative Lost leaves the open deals out); default: every filled value that is not positive',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--as-of <date>',
      'with --data: the date ages of date columns are measured at (YYYY-MM-DD); default: the latest date in the file',
      dateOption('--as-of'),
    )
    .option('--id <column>', 'with --data: the id column (left out of the attributes)')
    .option(
      '--account <column>',
      "with --data: the column naming each row's account (rows of one account count as one unit in intervals and folds)",
    )
    .option('--exclude <columns>', 'with --data: comma-separated columns to leave out', listOption)
    .option(
      '--keep <columns>',
      'comma-separated columns to use although the leakage check would leave them out (adds to discover.keep)',
      listOption,
    )
    .requiredOption('-o, --out <file>', 'where to write the ICP definition (JSON)')
    .addOption(jsonOption('a machine summary'))
    .addOption(todayOption())
    .option(
      '--since <date>',
      'with --config: learn only from accounts and deals that arrived since this date (after "icp drift" says refresh)',
      dateOption('--since'),
    )
    .option(
      '--parent <icp>',
      'the ICP this one is re-discovered from (a file, or an id in the registry); default: the ICP already in --out',
    )
    .option(
      '--registry <dir>',
      'the ICP versions folder (default: $ICP_REGISTRY, else icp-versions/ next to the config)',
    )
    .option('--no-registry', 'do not save the new ICP in the versions folder')
    .action((flags: DiscoverFlags) => runDiscover(io, flags));
}

/** Discovers the ICP the flags ask for, writes and versions it, and prints it. */
async function runDiscover(io: CliIo, flags: DiscoverFlags): Promise<void> {
  const onProgress = (stage: string) => {
    if (io.isTTY) io.stderr(`${stage}...\n`);
  };
  // Checks the flags of the mode before anything else.
  const remote = flags.source ? sourceDiscovery(flags, flags.keep ?? [], onProgress) : undefined;
  // The data's warnings (the ones icp check lists) as loading finds them: a user who runs
  // only discover sees them too.
  const onWarnings = (warnings: readonly DataIssue[]) => {
    for (const w of warnings) io.stderr(`warning: ${w.message}\n`);
  };
  const run = remote ? remote.run : discovery(flags, { onProgress, onWarnings });
  // The ICP already in --out is its parent, read before it is replaced: not an input.
  await checkOutputs(
    [{ flag: '--out', path: flags.out }],
    [flagInput('--data', flags.data)],
    flags.config,
  );
  // Lineage and the registry are the pipeline's, the same for a library user.
  const { icp, saved } = await withLineage(
    {
      out: flags.out,
      ...(flags.parent !== undefined ? { parent: flags.parent } : {}),
      ...(flags.registry !== undefined ? { registry: flags.registry } : {}),
      ...(flags.config ? { config: flags.config } : {}),
    },
    run,
  );
  printDiscovered(io, flags, { icp, saved }, remote);
}

/** The ICP written, in words (or a machine summary), with what crossed the wire for --source. */
function printDiscovered(
  io: CliIo,
  flags: DiscoverFlags,
  { icp, saved }: { icp: IcpDefinition; saved: string | null },
  remote: ReturnType<typeof sourceDiscovery> | undefined,
): void {
  if (flags.json) {
    const summary = {
      id: icp.id,
      parent: icp.parent,
      out: flags.out,
      registry: saved,
      target: icp.target,
      verdict: icp.verdict,
      validation: icp.validation,
      tiers: icp.tiers,
      segments: icp.segments.length,
      anti_segments: icp.anti_segments.length,
      findings: icp.findings,
      ...(remote ? { wire: remote.wire } : {}),
    };
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    const lineage = icp.parent ? `, parent ${icp.parent}` : '';
    const version = saved ? ` Saved as a version in ${saved}.` : '';
    const inside = remote ? `${wireSentence(remote.wire, remote.shown)}\n` : '';
    io.stdout(
      `${formatIcp(icp)}\n${inside}Wrote ${flags.out} (ICP ${icp.id}${lineage}).${version}\n`,
    );
  }
}

/** The discovery the flags ask for (config or one export), not yet run. */
function discovery(
  flags: DiscoverFlags,
  {
    onProgress,
    onWarnings,
  }: {
    onProgress: (stage: string) => void;
    onWarnings: (warnings: readonly DataIssue[]) => void;
  },
): () => Promise<IcpDefinition> {
  const keep = flags.keep ?? [];
  if (flags.table !== undefined)
    throw new IcpError('USAGE', '--table names a table of --source URL; with a file, use --data.');
  if (flags.config && flags.key !== undefined)
    throw new IcpError(
      'USAGE',
      '--key deals the rows of --data or --source into folds; config mode deals accounts its own way, so drop --key.',
    );
  if (flags.config && !flags.data) {
    const given = (['target', 'positive', 'negative'] as const).find((f) => flags[f] !== undefined);
    if (given)
      throw new IcpError(
        'USAGE',
        `--${given} names the outcome of --data FILE or --source URL; with --config the target is the config's target.kind (ideal, won or retained), so drop --${given}.`,
      );
    const config = flags.config;
    return () =>
      discover(config, {
        ...(keep.length > 0 ? { keep } : {}),
        ...(flags.today ? { today: flags.today } : {}),
        ...(flags.since ? { since: flags.since } : {}),
        registry: false,
        onProgress,
        onWarnings,
      });
  }
  if (flags.data && !flags.config) {
    if (!flags.target || flags.positive === undefined || flags.positive.length === 0) {
      throw new IcpError(
        'USAGE',
        '--data needs --target COLUMN and --positive VALUE, e.g. --target Churn --positive No.',
      );
    }
    const generic: GenericOptions = {
      data: flags.data,
      target: flags.target,
      positive: flags.positive,
      ...(flags.negative ? { negative: flags.negative } : {}),
      ...(flags.id ? { id: flags.id } : {}),
      ...(flags.key ? { key: flags.key } : {}),
      ...(flags.account ? { account: flags.account } : {}),
      ...(flags.asOf ? { asOf: flags.asOf } : {}),
      ...(keep.length > 0 ? { keep } : {}),
      ...(flags.exclude ? { exclude: flags.exclude } : {}),
      onProgress,
    };
    // Whatever the data held, never write an ICP that score and sql cannot read back.
    return async () => {
      const icp = await discoverGeneric(generic);
      checkIcpValues(icp, `the ICP discovered from ${generic.data}`, 'DATA');
      return icp;
    };
  }
  throw new IcpError(
    'USAGE',
    'discover needs one of --config FILE, --data FILE or --source URL (with --target and --positive), not two.',
  );
}
