import { IcpError } from '../../core/errors/icp-error.js';

/** How the target column is asked about: rows per value (compared lower-cased), values seen. */
export interface TargetCells {
  /** The rows whose trimmed, lower-cased target is each of `values` (given lower-cased or not). */
  count(values: readonly string[]): Promise<number[]>;
  /** Up to 50 distinct target values, lower-cased and sorted, for the message. */
  seen(): Promise<string[]>;
}

/**
 * The positive values, each checked to occur in the target column (`where`, e.g. `column
 * "Churn" of telco.csv`): a value that is not in the column but whose comma-separated parts are
 * ("acquired,ipo") is those parts. The same rule for a file (`discover --data`) and a table
 * inside a database (`discover --source`).
 */
export async function checkPositives(
  given: readonly string[],
  where: string,
  cells: TargetCells,
  flag: '--positive' | '--negative' = '--positive',
): Promise<string[]> {
  const positives: string[] = [];
  for (const value of given.map((g) => g.trim()).filter((g) => g !== '')) {
    const whole = (await cells.count([value]))[0] as number;
    positives.push(
      ...(whole > 0 || !value.includes(',')
        ? [value]
        : value
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)),
    );
  }
  if (positives.length === 0)
    throw new IcpError('USAGE', `${flag}: give at least one value, e.g. ${flag} Yes.`);
  const found = await cells.count(positives);
  const missing = positives.find((_, i) => found[i] === 0);
  if (missing === undefined) return [...new Set(positives)];
  throw new IcpError(
    'USAGE',
    `${flag}: "${missing}" never occurs in ${where}. Values seen: ${(await cells.seen()).join(', ')}.`,
  );
}

/**
 * The negative values (`--negative`), checked as the positives are, and none of them a
 * positive too. None given: every filled target that is not positive is negative.
 */
export async function checkNegatives(
  given: readonly string[] | undefined,
  positives: readonly string[],
  where: string,
  cells: TargetCells,
): Promise<string[]> {
  if (given === undefined) return [];
  const negatives = await checkPositives(given, where, cells, '--negative');
  const lowered = new Set(positives.map((p) => p.toLowerCase()));
  const both = negatives.find((n) => lowered.has(n.toLowerCase()));
  if (both !== undefined)
    throw new IcpError(
      'USAGE',
      `--negative: "${both}" is a --positive value too; a row is one or the other. Give each value once.`,
    );
  return negatives;
}

/** Who is counted, in words: `Stage is filled`, or with negatives `Stage is Won or Lost`. */
export function countedAmong(
  target: string,
  positives: readonly string[],
  negatives: readonly string[],
): string {
  if (negatives.length === 0) return `${target} is filled`;
  const all = [...positives, ...negatives];
  return `${target} is ${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
}

/** The values as the ICP's provenance records them: one value as itself, several as a list. */
export function recordedValues(
  positives: readonly string[],
  negatives: readonly string[],
): { positive: string | readonly string[]; negative?: string | readonly string[] } {
  const one = (values: readonly string[]) => (values.length === 1 ? (values[0] as string) : values);
  return {
    positive: one(positives),
    ...(negatives.length > 0 ? { negative: one(negatives) } : {}),
  };
}
