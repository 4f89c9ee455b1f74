import {
  type BinCounts,
  binCounts,
  countedEvidence,
  type EvidenceTable,
  pooledCounts,
} from '../binning/evidence.js';
import type { FineAttribute } from '../binning/fine-bins.js';
import type { MergedBins } from '../binning/merge-bins.js';
import { rowsWhere } from '../stats/folds.js';
import { benjaminiHochberg, chiSquareTest } from '../stats/multiple-testing.js';
import type { FoldRule } from '../stats/rank-folds.js';
import { judgeLeakage } from './leakage.js';
import { heldOutRows, testGroups, univariateAll, univariateFolds } from './univariate-bins.js';

export interface SelectionOptions {
  /** Variance inflation for clustered rows (1 = independent): the tests' counts are divided by it. */
  readonly dispersion: number;
  readonly seed: number;
  readonly maxAttributes: number;
  /** How rows are dealt into the univariate folds (shuffled by default). */
  readonly foldRule?: FoldRule;
  readonly onStage?: (stage: string) => void;
}

/** What the selection measured on some rows, per attribute in the order of the fine bins. */
export interface SelectionOn {
  /** Each attribute's readable bins on its own, learned from the rows. */
  readonly merged: readonly MergedBins[];
  /** The readable bins' rows and positives among the rows (Wilson intervals). */
  readonly tables: readonly EvidenceTable[];
  readonly pValues: readonly number[];
  readonly qValues: readonly number[];
}

/**
 * The part of discovery's selection learned from the outcome, on `include`'s rows only (all
 * rows when omitted): each attribute's readable bins (`univariateBins`, without the rows'
 * codes: `withCodes` adds them), their evidence table,
 * and its test on bins cut without the outcome (a chi-square test; Benjamini-Hochberg over all
 * the attributes). Every row keeps a bin; only the included rows' outcomes are read.
 */
export function selectOn(
  fines: readonly FineAttribute[],
  target: Uint8Array,
  options: SelectionOptions,
  include?: Uint8Array,
  counted?: readonly BinCounts[],
): SelectionOn {
  const { dispersion, seed, onStage } = options;
  onStage?.('readable bins');
  const rows = include ? includedRows(include) : undefined;
  const folds = univariateFolds(target, rows, seed, options.foldRule);
  const learned = heldOutRows(folds, target.length);
  // A fold's selection is new, so its fits may always run on (bin, outcome) patterns (the same
  // likelihood, a fraction of the cost); on every row they stay as they always were.
  const collapse = include ? 0 : undefined;
  const merged = univariateAll(fines, target, folds, learned, collapse);
  onStage?.('evidence tables, tests');
  // Every table from the fine bins' rows and positives, counted once per attribute.
  const counts = counted ?? fines.map((f) => binCounts(f.codes, f.bins.length, target, include));
  const tables = merged.map((m, j) =>
    countedEvidence(
      m.attribute,
      pooledCounts(counts[j] as BinCounts, m.map, m.attribute.bins.length),
    ),
  );
  // Tested on bins cut without the outcome: bins cut to fit it would find differences in noise.
  const pValues = fines.map((f, j) => {
    const c = counts[j] as BinCounts;
    const { bins, group } = testGroups(f, c.rows);
    const t = countedEvidence({ ...f, bins }, pooledCounts(c, group, bins.length));
    return chiSquareTest(
      t.rows.map((r) => r.count / dispersion),
      t.rows.map((r) => r.positives / dispersion),
    ).p;
  });
  return { merged, tables, pValues, qValues: benjaminiHochberg(pValues) };
}

/**
 * The attributes that separate the target (q <= 5%, not left out as leakage), strongest first
 * by information value (ties by name), at most `maxAttributes`: indexes into `tables`.
 */
export function rankSelected(
  tables: readonly EvidenceTable[],
  qValues: readonly number[],
  leaky: ReadonlySet<number>,
  maxAttributes: number,
): number[] {
  return tables
    .map((t, j) => ({ t, j }))
    .filter(({ j }) => !leaky.has(j) && (qValues[j] as number) <= 0.05)
    .sort((a, b) => b.t.iv - a.t.iv || a.t.attribute.localeCompare(b.t.attribute))
    .slice(0, maxAttributes)
    .map(({ j }) => j);
}

/** A fold's attributes: those selected, and the weak ones the scorecard may admit as one set. */
export interface FoldChoice {
  readonly selected: number[];
  readonly weak: number[];
}

/**
 * The whole selection (readable bins, tests, false discovery rate, leakage by evidence unless
 * kept, ranking by information value) run again on a fold's training rows, so that the rows a
 * fold is measured on never helped choose its attributes. Returns indexes into `fines`: the
 * selected attributes and the weak ones (`rankWeak`).
 *
 * @example crossFit({ ...input, fine: fines, select: foldSelection(fines, target, options, []) })
 */
export function foldSelection(
  fines: readonly FineAttribute[],
  target: Uint8Array,
  options: SelectionOptions,
  keep: readonly string[],
): (train: Int32Array) => FoldChoice {
  let totals: readonly BinCounts[] | undefined;
  return (train) => {
    const include = new Uint8Array(target.length);
    for (const i of train) include[i] = 1;
    totals ??= fines.map((f) => binCounts(f.codes, f.bins.length, target));
    const on = selectOn(
      fines,
      target,
      options,
      include,
      countsWithout(fines, totals, target, include),
    );
    const leaky = new Set<number>();
    on.tables.forEach((t, j) => {
      if (judgeLeakage(t.attribute, t.rows)?.kind === 'exclude' && !keep.includes(t.attribute))
        leaky.add(j);
    });
    const selected = rankSelected(on.tables, on.qValues, leaky, options.maxAttributes);
    const weak = rankWeak(on.tables, on.qValues, leaky, selected, options.maxAttributes);
    return { selected, weak };
  };
}

/** The false discovery rate up to which an attribute the test leaves out is still a weak candidate. */
export const WEAK_Q = 0.5;

/**
 * The attributes the test leaves out (q above 5%, up to WEAK_Q) that are not leakage, strongest
 * first by information value (ties by name), as many as fit beside `selected` under
 * `maxAttributes`: indexes into `tables`.
 */
export function rankWeak(
  tables: readonly EvidenceTable[],
  qValues: readonly number[],
  leaky: ReadonlySet<number>,
  selected: readonly number[],
  maxAttributes: number,
): number[] {
  const taken = new Set(selected);
  return tables
    .map((t, j) => ({ t, j }))
    .filter(({ j }) => !leaky.has(j) && !taken.has(j) && (qValues[j] as number) <= WEAK_Q)
    .sort((a, b) => b.t.iv - a.t.iv || a.t.attribute.localeCompare(b.t.attribute))
    .slice(0, Math.max(maxAttributes - selected.length, 0))
    .map(({ j }) => j);
}

/**
 * Each attribute's rows and positives per fine bin over the rows where `include` is 1: every
 * row's counts less those of the rows left out (a fold's held-out fifth), whole numbers, so
 * exactly `binCounts` over the included rows.
 */
export function countsWithout(
  fines: readonly FineAttribute[],
  totals: readonly BinCounts[],
  target: Uint8Array,
  include: Uint8Array,
): BinCounts[] {
  // The rows left out, without a mapped copy of `include` (a callback per row).
  const out = rowsWhere(include.length, (i) => include[i] === 0);
  return fines.map((f, j) => {
    const total = totals[j] as BinCounts;
    const rows = Float64Array.from(total.rows);
    const positives = Float64Array.from(total.positives);
    for (let r = 0; r < out.length; r++) {
      const i = out[r] as number;
      const b = f.codes[i] as number;
      rows[b] = (rows[b] as number) - 1;
      positives[b] = (positives[b] as number) - (target[i] as number);
    }
    return { rows, positives };
  });
}

/** The indexes of the rows where `include` is 1, in order. */
function includedRows(include: Uint8Array): Int32Array {
  return rowsWhere(include.length, (i) => include[i] === 1);
}
