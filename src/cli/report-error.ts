import { CommanderError } from 'commander';
import { DataValidationError } from '../core/errors/data-validation-error.js';
import { exitStatus, IcpError } from '../core/errors/icp-error.js';
import type { CliIo } from './io.js';

/** Prints an error the way the CLI does and returns its exit status. */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // commander has printed its own message; help and version are not failures.
    return error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
      ? 0
      : exitStatus.USAGE;
  }
  if (error instanceof DataValidationError) {
    io.stderr(`icp: ${error.message}\n`);
    const warnings = error.issues.filter((i) => i.severity === 'warning');
    if (warnings.length > 0) {
      io.stderr(
        `and ${warnings.length} warning${warnings.length === 1 ? '' : 's'}:\n${warnings.map((w) => `  ${w.message}`).join('\n')}\n`,
      );
    }
    return exitStatus.DATA;
  }
  if (error instanceof IcpError) {
    io.stderr(`icp: ${error.message}\n`);
    return exitStatus[error.code];
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`icp: internal error, please report it with this text:\n${detail}\n`);
  return exitStatus.INTERNAL;
}
