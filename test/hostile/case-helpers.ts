/** One hostile command line and its exact outcome (see cases.ts). */
export interface HostileCase {
  readonly name: string;
  readonly argv: readonly string[];
  readonly status: number;
  /** Exactly what is printed on stderr. */
  readonly stderr: string;
  /** For a case that succeeds: text its stdout holds. */
  readonly stdout?: string;
}

/** The messages many hostile cases share, built the way the CLI words them. */
const IN = 'the input is never overwritten.';
export const guard = (flag: string, path: string, role: string) =>
  `icp: ${flag} ${path} is an input of this command (${role}); choose another path: ${IN}\n`;
export const folder = (flag: string, path: string) =>
  `icp: ${flag} ${path}: cannot write there: it is a folder; name the file to write inside it. Choose another path.\n`;
export const underFile = (flag: string, path: string) =>
  `icp: ${flag} ${path}: cannot write there: <dir>/a-file is a file, not a folder. Choose another path.\n`;
export const badDate = (flag: string, value: string) =>
  `icp: ${flag} "${value}": write a date as YYYY-MM-DD, e.g. ${flag} 2025-06-30.\n`;
export const noDay = (flag: string, value: string, month: string, days: number) =>
  `icp: ${flag} ${value}: ${month} has no day ${value.slice(8)} (it has ${days} days). Write a real date as YYYY-MM-DD.\n`;
export const choices = (option: string, value: string, allowed: string) =>
  `error: option '${option}' argument '${value}' is invalid. Allowed choices are ${allowed}.\n`;
export const missing = (option: string) => `error: required option '${option}' not specified\n`;

export const CONFIG = 'world/icp.config.yaml';
export const SOURCE = (table: string) => `the ${table} source of ${CONFIG}`;
