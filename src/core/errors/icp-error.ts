/**
 * The stable error codes of ICP Engine. The CLI maps each to an exit status and the HTTP
 * server to a response status, so a code never changes meaning once released.
 */
export const ErrorCode = {
  /** The command line was wrong: an unknown option, a missing argument. */
  USAGE: 'USAGE',
  /** The config file is missing, not YAML, or does not match the schema. */
  CONFIG: 'CONFIG',
  /** An input file is missing or cannot be read in its format. */
  SOURCE: 'SOURCE',
  /** The data was read but breaks a rule (types, dates, ids, references). */
  DATA: 'DATA',
  /** An output could not be written. */
  OUTPUT: 'OUTPUT',
  /** HTTP only: the API key is missing or wrong. */
  AUTH: 'AUTH',
  /** HTTP only: the body or the batch is larger than allowed. */
  LIMIT: 'LIMIT',
  /** A bug: please report it. */
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Exit statuses by code: 2 for the caller's mistakes, 3 for data, 1 for ours. */
export const exitStatus: Record<ErrorCode, number> = {
  USAGE: 2,
  CONFIG: 2,
  SOURCE: 3,
  DATA: 3,
  OUTPUT: 4,
  AUTH: 2,
  LIMIT: 2,
  INTERNAL: 1,
};

/**
 * The base of every error the engine throws on purpose. `message` is complete on its own:
 * it names the input, the bad value and the fix.
 *
 * @example
 * throw new IcpError('CONFIG', 'icp.config.yaml: sources.accounts is required. Add a source for the accounts table.');
 */
export class IcpError extends Error {
  override name = 'IcpError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
