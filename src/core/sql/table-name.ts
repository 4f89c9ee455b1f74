import { IcpError } from '../errors/icp-error.js';

/**
 * A table name given on the command line (`crm.accounts`) as its parts, each to be quoted on
 * its own; an empty part ("crm." or "..") is refused naming the option.
 *
 * @example tableNameParts('--table', 'crm.accounts') // => ['crm', 'accounts']
 */
export function tableNameParts(option: string, name: string): string[] {
  const parts = name.split('.');
  if (parts.some((p) => p.trim() === ''))
    throw new IcpError(
      'USAGE',
      `${option} ${JSON.stringify(name)}: name a table, e.g. ${option} crm.accounts.`,
    );
  return parts;
}
