import { run } from '../../src/cli/run.js';

/** Runs the `icp` command line in-process, as the tests of src/cli do, and captures its output. */
export async function icp(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await run(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    isTTY: false,
  });
  return { status, stdout, stderr };
}
