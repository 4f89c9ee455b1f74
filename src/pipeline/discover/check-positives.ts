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
    throw new IcpError('USAGE', '--positive: give at least one value, e.g. --positive Yes.');
  const found = await cells.count(positives);
  const missing = positives.find((_, i) => found[i] === 0);
  if (missing === undefined) return [...new Set(positives)];
  throw new IcpError(
    'USAGE',
    `--positive: "${missing}" never occurs in ${where}. Values seen: ${(await cells.seen()).join(', ')}.`,
  );
}
