import { Option } from 'commander';
import { REASONS } from '../../core/icp/compile-sql.js';
import { DEFAULT_MEMORY_SHARE } from '../../data/db/database-options.js';
import { dateOption } from './parse-options.js';

/**
 * The options several commands share, defined once so they read and behave the same
 * everywhere. Closed sets use commander's `.choices()`: a value outside them is a usage error
 * (exit 2) that lists the allowed ones.
 */

/** `-c, --config <file>`: the config to load; required unless `optional`. */
export function configOption(options: { optional?: boolean; description?: string } = {}): Option {
  const option = new Option(
    '-c, --config <file>',
    options.description ?? 'the icp.config.yaml to load',
  );
  return options.optional ? option : option.makeOptionMandatory();
}

/** `--today <date>`: the date the data is checked against (a real calendar day). */
export function todayOption(): Option {
  return new Option(
    '--today <date>',
    'the date far-future dates are checked against (YYYY-MM-DD)',
  ).argParser(dateOption('--today'));
}

/** `--json`: print `what` (e.g. "the audit") as JSON instead of text. */
export function jsonOption(what: string): Option {
  return new Option('--json', `print ${what} as JSON`);
}

/** `-o, --out <file>`: also write `what` as JSON to a file. */
export function jsonOutOption(what: string): Option {
  return new Option('-o, --out <file>', `also write ${what} as JSON to this file`);
}

/** The periods of `--window` and `--every`. */
export const PERIODS = ['month', 'quarter', 'year'] as const;

/** An option whose value is one of `values`. */
export function choiceOption(
  flags: string,
  description: string,
  values: readonly string[],
): Option {
  return new Option(flags, description).choices(values);
}

/** `--reasons <how>`: whether scoring writes icp_reasons (`icp score`, `icp sql`). */
export function reasonsOption(): Option {
  return choiceOption(
    '--reasons <how>',
    'text: the readable reasons in icp_reasons (the default); none: no icp_reasons column, every other column the same (bulk scoring: the reasons are most of the bytes written)',
    REASONS,
  );
}

/** `--memory <size>`: DuckDB's memory limit for a command that loads data. */
export function memoryOption(): Option {
  return new Option(
    '--memory <size>',
    `memory DuckDB may use before it spills tables and sorts to a temporary database beside the output (or in the system temp folder), e.g. 2GB, 512MB or 25% (default ${DEFAULT_MEMORY_SHARE * 100}% of this machine's memory); discover --config keeps part of it for the rows it reads`,
  );
}
