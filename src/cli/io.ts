/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal: progress is shown only then. */
  readonly isTTY: boolean;
  /**
   * Raw writes to the terminal behind stderr, for the engine's own drawing (a progress bar's
   * cursor codes), which `escapingIo` must not escape; never user text. Falls back to stderr.
   */
  readonly terminal?: (text: string) => void;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
  terminal: (text) => process.stderr.write(text),
};
