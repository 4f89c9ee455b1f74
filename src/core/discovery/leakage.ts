import { percent } from '../format/percent.js';
/**
 * Leakage judged by evidence. A column filled in once the outcome is known (a cancellation
 * reason, a status) separates the target far better than any real attribute can; that is the
 * evidence that leaves it out. A name alone proves nothing: "poutcome" (the outcome of the
 * *previous* campaign) is known before the outcome and may be the best attribute there is, so a
 * name like an outcome only earns a warning.
 */
export type LeakageJudgement =
  | { readonly kind: 'exclude'; readonly evidence: string }
  | { readonly kind: 'warn'; readonly note: string };

/** Names of columns often filled only once the outcome is known. */
const OUTCOME_NAME =
  /churn|cancel|clos(e|ed|ing)|won|lost|outcome|status|renew|refund|exit|acquired/i;

/** Own-bin AUC from which a column is taken to restate the outcome. */
export const LEAKAGE_AUC = 0.95;

interface BinCounts {
  readonly label: string;
  readonly count: number;
  readonly positives: number;
}

/**
 * Exclude when the column's bins alone rank the target with an AUC of 0.95 or more, or when
 * one bin of at least 30 rows is 99.5% the rarer outcome and holds half or more of all rows
 * with it (a field filled for most churners and nobody else). A bin that is all the common
 * outcome proves nothing: small companies may simply never be among the most valuable.
 * Otherwise warn when the name reads like an outcome; else nothing.
 *
 * @example judgeLeakage('status', bins)?.kind // => 'exclude' when status restates the target
 */
export function judgeLeakage(
  name: string,
  bins: readonly BinCounts[],
): LeakageJudgement | undefined {
  const separation = binAuc(bins);
  if (separation >= LEAKAGE_AUC)
    return {
      kind: 'exclude',
      evidence: `own-bin AUC ${separation.toFixed(3)} on its own (its values alone rank the target almost perfectly)`,
    };
  const pure = pureBin(bins);
  if (pure) return { kind: 'exclude', evidence: pure };
  if (OUTCOME_NAME.test(name))
    return {
      kind: 'warn',
      note: `"${name}" is named like an outcome; it was kept because nothing in the data shows it leaks (own-bin AUC ${separation.toFixed(3)}). If it is filled only once the outcome is known, leave it out (--exclude or discover.exclude).`,
    };
  return undefined;
}

/** A bin that is (nearly) all the rarer outcome and holds most rows with it, in words. */
function pureBin(bins: readonly BinCounts[]): string | undefined {
  let pos = 0;
  let total = 0;
  for (const b of bins) {
    pos += b.positives;
    total += b.count;
  }
  const rarePositive = pos <= total - pos;
  const outcome = rarePositive ? 'positive' : 'negative';
  const all = rarePositive ? pos : total - pos;
  if (all === 0) return undefined;
  for (const b of bins) {
    const inBin = rarePositive ? b.positives : b.count - b.positives;
    if (b.count < 30 || inBin / b.count < 0.995 || inBin < 0.5 * all) continue;
    return `the bin "${b.label}" is ${percent(inBin / b.count, 1)} ${outcome} and holds ${percent(inBin / all, 1)} of all ${outcome} rows`;
  }
  return undefined;
}

/** AUC of ranking rows by their bin's positive rate (ties within a bin count half). */
export function binAuc(bins: readonly { count: number; positives: number }[]): number {
  const sorted = [...bins]
    .filter((b) => b.count > 0)
    .sort((a, b) => a.positives / a.count - b.positives / b.count);
  let pos = 0;
  let neg = 0;
  for (const b of sorted) {
    pos += b.positives;
    neg += b.count - b.positives;
  }
  if (pos === 0 || neg === 0) return 0.5;
  let negBelow = 0;
  let wins = 0;
  for (const b of sorted) {
    const bn = b.count - b.positives;
    wins += b.positives * (negBelow + bn / 2);
    negBelow += bn;
  }
  return wins / (pos * neg);
}
