import { IcpError } from '../../core/errors/icp-error.js';
import { handIcpSchema } from '../../core/icp/criteria.js';
import { readYaml } from '../../data/config/load-config.js';
import { describeReadError, readSmallFile } from '../../data/config/read-small-file.js';

/** Reads a hand-written ICP (a name and a list of criteria in YAML), or says how to write one. */
export async function readHandIcp(path: string) {
  let text: string;
  try {
    text = await readSmallFile(path, 1024 * 1024);
  } catch (error) {
    throw new IcpError('USAGE', `${path}: cannot read it (${describeReadError(error)}).`);
  }
  const parsed = readYaml(text, path);
  const checked = handIcpSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new IcpError(
      'CONFIG',
      `${path}: ${issue?.path.join('.') || 'the file'}: ${issue?.message}. Write a list of criteria, e.g.\ncriteria:\n  - industry in [SaaS, Fintech]\n  - employees between 200 and 2000`,
    );
  }
  return checked.data;
}
