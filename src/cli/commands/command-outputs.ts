import { stat } from 'node:fs/promises';
import { configInputs } from '../../data/config/config-inputs.js';
import { resolveIcp } from '../../data/icp/registry.js';
import { guardOutputs, type InputPath, type OutputPath } from '../../data/output/guard-outputs.js';
import { prepareOutput } from '../../data/output/prepare-output.js';

/**
 * Checks a command's outputs before it does any work: none may be one of its inputs (the
 * config, every source the config names, and the `inputs` given), and each must be writable.
 * Outputs that are undefined (an optional `--out` not given) are skipped.
 */
export async function checkOutputs(
  outputs: readonly (Omit<OutputPath, 'path'> & { path: string | undefined })[],
  inputs: readonly (InputPath | undefined)[],
  config?: string,
): Promise<void> {
  const given = outputs.filter((o): o is OutputPath => o.path !== undefined);
  if (given.length === 0) return;
  const all = [
    ...inputs.filter((i): i is InputPath => i !== undefined),
    ...(config === undefined ? [] : await configInputs(config)),
  ];
  await guardOutputs(given, all);
  for (const o of given) await prepareOutput(o.flag || 'output', o.path);
}

/**
 * The file an `--icp` reference reads: the file itself, or the registry file its id names;
 * undefined when it names neither (the command then says so in its own words).
 */
export async function icpInput(
  flag: string,
  ref: string | undefined,
  registry: string,
): Promise<InputPath | undefined> {
  if (ref === undefined) return undefined;
  if (
    await stat(ref).then(
      (s) => s.isFile(),
      () => false,
    )
  )
    return { path: ref, role: `the ${flag} file` };
  const path = await resolveIcp(ref, registry).then(
    (r) => r.path,
    () => undefined,
  );
  return path === undefined ? undefined : { path, role: `the ${flag} file` };
}

/** An input named by a flag, when the flag was given. */
export function flagInput(flag: string, path: string | undefined): InputPath | undefined {
  return path === undefined ? undefined : { path, role: `the ${flag} file` };
}
