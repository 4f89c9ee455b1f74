import { closest } from 'fastest-levenshtein';
import { type IcpDefinition, icpDefinitionSchema } from '../../core/icp/definition.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { showValue } from '../../core/issues/value-display.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import { JsonScanner } from '../source/json-scan.js';
import { MAX_JSON_DEPTH } from '../source/pre-read-checks.js';
import { describeReadError, readSmallFile } from '../config/read-small-file.js';
import { checkIcpValues } from './check-icp-values.js';

/** An ICP file is tens of kilobytes; past this it is not one. */
const MAX_ICP_BYTES = 64 * 1024 * 1024;

/** Writes an ICP definition as indented JSON, whole or not at all. */
export async function writeIcp(path: string, icp: IcpDefinition): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(icp, null, 2)}\n`);
}

/**
 * Reads and validates an ICP definition against its schema (docs/icp.schema.json); every
 * problem names its path in the file.
 */
export async function readIcp(path: string): Promise<IcpDefinition> {
  let text: string;
  try {
    text = await readSmallFile(path, MAX_ICP_BYTES);
  } catch (error) {
    throw new IcpError(
      'USAGE',
      `${path}: cannot read the ICP file (${describeReadError(error)}). Pass the icp.json written by "icp discover".`,
      { cause: error },
    );
  }
  const scanner = new JsonScanner();
  scanner.push(Buffer.from(text));
  const { depth, depthLine } = scanner.done();
  if (depth > MAX_JSON_DEPTH) {
    throw new IcpError(
      'CONFIG',
      `${path} line ${depthLine}: JSON nested ${depth.toLocaleString('en-US')} levels deep, which no ICP file is (the most read is ${MAX_JSON_DEPTH}). Pass the icp.json written by "icp discover".`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8's wording of the parse error changes between Node versions: show the start instead.
    throw new IcpError(
      'CONFIG',
      `${path}: not valid JSON (it starts ${showValue(text.trimStart().slice(0, 24))}). Restore it from the output of "icp discover".`,
      { cause: error },
    );
  }
  const result = icpDefinitionSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues
      .slice(0, 20)
      .map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new IcpError(
      'CONFIG',
      `${path}: does not match the ICP schema (docs/icp.schema.json):\n${lines.join('\n')}`,
    );
  }
  checkRules(path, result.data);
  checkIcpValues(result.data, path, 'CONFIG');
  return result.data;
}

/** Every hard rule must name an attribute the ICP knows (a scorecard or evidence attribute). */
function checkRules(path: string, icp: IcpDefinition): void {
  const known = [
    ...new Set([
      ...(icp.scorecard?.attributes.map((a) => a.name) ?? []),
      ...icp.evidence.map((e) => e.attribute),
    ]),
  ];
  for (const [i, rule] of icp.rules.entries()) {
    const name = rule.when.attribute;
    if (known.includes(name)) continue;
    const guess = known.length > 0 ? ` Did you mean "${closest(name, known)}"?` : '';
    throw new IcpError(
      'CONFIG',
      `${path}: rules[${i}] (${rule.kind}) names the attribute "${name}", which this ICP does not know.${guess} Attributes: ${known.join(', ')}.`,
    );
  }
}
