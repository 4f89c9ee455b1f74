import type { DataIssue } from '../issues/data-issue.js';
import { formatCount } from '../issues/data-issue.js';
import { IcpError } from './icp-error.js';

/**
 * The data broke one or more rules. Carries every issue found (errors and the warnings seen
 * on the way) so the CLI can print them all and `--json` can return them as data.
 */
export class DataValidationError extends IcpError {
  override name = 'DataValidationError';
  readonly issues: readonly DataIssue[];

  constructor(issues: readonly DataIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    const n = errors.length;
    const head = `${formatCount(n)} problem${n === 1 ? '' : 's'} in the data; nothing was written:`;
    super('DATA', [head, ...errors.map((e) => `  ${e.message}`)].join('\n'));
    this.issues = issues;
  }
}
