import { z } from 'zod';
import { deriveSchema } from '../parse/derive.js';

/**
 * The ICP definition file (icp.json): the versioned, human-readable result of discovery that
 * the whole company shares. A person may edit it; `icp verify` re-measures an edited one.
 * JSON has no Infinity, so open ends of numeric bins are null.
 */

const binSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('range'),
    lo: z.number().nullable(),
    hi: z.number().nullable(),
    label: z.string(),
  }),
  z.strictObject({
    kind: z.literal('categories'),
    values: z.array(z.string()).min(1),
    label: z.string(),
  }),
  z.strictObject({ kind: z.literal('other'), label: z.string() }),
  z.strictObject({ kind: z.literal('missing'), label: z.string() }),
]);

export type StoredBin = z.infer<typeof binSchema>;

const scoredBinSchema = z.strictObject({
  bin: binSchema,
  /** Points this bin adds to the 0-100 score. */
  points: z.number(),
  /** Weight of evidence on the training data. */
  woe: z.number(),
  count: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
});

const scorecardAttributeSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['numeric', 'categorical']),
  /**
   * How closely the fitted points follow the attribute's own weight of evidence: the slope of
   * the bins' fitted logit effects on their WoE (1: as on its own; below 1: partly said by
   * other attributes already).
   */
  coefficient: z.number(),
  information_value: z.number(),
  bins: z.array(scoredBinSchema).min(1),
  /**
   * Numeric attributes: the smallest and largest value in the training data, so scoring can
   * count values outside it. Absent in ICPs written before it was kept, and for categories.
   */
  range: z.strictObject({ min: z.number(), max: z.number() }).optional(),
  /**
   * How the attribute is computed from a source column (a date's age, an item of a list);
   * absent when the attribute is a column itself. Every scoring path applies it to the raw cell.
   */
  derive: deriveSchema.optional(),
});

export type ScorecardAttribute = z.infer<typeof scorecardAttributeSchema>;

const conditionSchema = z.discriminatedUnion('op', [
  z.strictObject({
    attribute: z.string().min(1),
    op: z.enum(['in', 'not_in']),
    values: z.array(z.string()).min(1),
  }),
  z.strictObject({
    attribute: z.string().min(1),
    op: z.enum(['<', '<=', '>', '>=']),
    value: z.number(),
  }),
  /** Inclusive at both ends: how people write "employees between 200 and 2000". */
  z.strictObject({
    attribute: z.string().min(1),
    op: z.literal('between'),
    min: z.number(),
    max: z.number(),
  }),
  /** A bin of a numeric attribute: min <= x < max; an open end is null. */
  z.strictObject({
    attribute: z.string().min(1),
    op: z.literal('range'),
    min: z.number().nullable(),
    max: z.number().nullable(),
  }),
  z.strictObject({ attribute: z.string().min(1), op: z.enum(['missing', 'present']) }),
]);

export type Condition = z.infer<typeof conditionSchema>;

const interactionCellSchema = z.strictObject({
  points: z.number(),
  count: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
});

/**
 * Points for a combination the attributes' own points cannot express: a record matches when
 * every condition holds and then gets `match.points`; when a condition on a known value fails it
 * gets `no_match.points` (one of the two is 0); when a value it needs is missing, the average of
 * the two over the training rows (see `interactionBin`).
 */
const interactionSchema = z.strictObject({
  /** "marital-status = Married-civ-spouse and capital-gain ≥ 7,298" */
  label: z.string(),
  conditions: z.array(conditionSchema).min(1),
  /** Logit a match adds, with every other term held fixed. */
  coefficient: z.number(),
  match: interactionCellSchema,
  no_match: interactionCellSchema,
});

export type ScorecardInteraction = z.infer<typeof interactionSchema>;

const ruleSchema = z.strictObject({
  /** disqualify: a match sends the record to tier D; must_have: a miss does. */
  kind: z.enum(['disqualify', 'must_have']),
  when: conditionSchema,
  /** Why, in the words of whoever wrote the rule. */
  note: z.string().optional(),
});

export type HardRule = z.infer<typeof ruleSchema>;

const intervalSchema = z.strictObject({ lo: z.number(), hi: z.number() });

/** A group of rows and how often it is positive: shared by segments and evidence bins. */
const rateCell = {
  label: z.string(),
  count: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
  rate: z.number(),
  interval: intervalSchema,
  lift: z.number(),
};

const segmentSchema = z.strictObject({
  conditions: z.array(conditionSchema).min(1),
  ...rateCell,
  q_value: z.number(),
});

const tierEconomicsSchema = z.strictObject({
  accounts: z.number().int().nonnegative(),
  customers: z.number().int().nonnegative(),
  /** Mean annual recurring revenue of the tier's paying customers (12 x their last month). */
  average_arr: z.number().nullable(),
  /** Mean amount of the tier's won deals. */
  average_deal_size: z.number().nullable(),
  /** Won over closed deals of the tier's accounts. */
  win_rate: z.number().nullable(),
});

export type TierEconomics = z.infer<typeof tierEconomicsSchema>;

export const icpDefinitionSchema = z.strictObject({
  format: z.literal('icp-engine/icp@1'),
  /** Content hash of everything below except id and parent. */
  id: z.string(),
  /** The id of the ICP this one was re-discovered from. */
  parent: z.string().nullable(),
  name: z.string(),
  target: z.strictObject({
    kind: z.enum(['ideal', 'won', 'retained', 'column']),
    definition: z.string(),
    eligible: z.number().int().nonnegative(),
    positives: z.number().int().nonnegative(),
    base_rate: z.number(),
  }),
  /** scorecard: enough data for points; descriptive: evidence only; insufficient or no_signal: no profile. */
  verdict: z.strictObject({
    kind: z.enum(['scorecard', 'descriptive', 'insufficient', 'no_signal']),
    reason: z.string(),
  }),
  scorecard: z
    .strictObject({
      /** score = sum of points (0-100); logit = intercept + score * scale. */
      intercept: z.number(),
      scale: z.number(),
      /** Calibration of the probability: p = 1 / (1 + exp(-(a * logit + b))). */
      calibration: z.strictObject({ a: z.number(), b: z.number() }),
      attributes: z.array(scorecardAttributeSchema),
      /** Absent in ICPs written before interactions existed, and when none helped. */
      interactions: z.array(interactionSchema).optional(),
    })
    .nullable(),
  /**
   * Lowest score of each tier; below C is D. A is the smallest and best. A record that has
   * observed less than `min_coverage` of the scorecard's weight gets tier "unknown" (default
   * 0.5; see docs/scoring.md).
   */
  tiers: z
    .strictObject({
      A: z.number(),
      B: z.number(),
      C: z.number(),
      min_coverage: z.number().min(0).max(1).optional(),
    })
    .nullable(),
  rules: z.array(ruleSchema),
  segments: z.array(segmentSchema),
  anti_segments: z.array(segmentSchema),
  excluded: z.array(z.strictObject({ attribute: z.string(), reason: z.string() })),
  /** Every usable attribute's evidence table, ranked by information value. */
  evidence: z.array(
    z.strictObject({
      attribute: z.string(),
      kind: z.enum(['numeric', 'categorical']),
      information_value: z.number(),
      p_value: z.number(),
      q_value: z.number(),
      selected: z.boolean(),
      bins: z.array(
        z.strictObject({
          ...rateCell,
          woe: z.number(),
        }),
      ),
    }),
  ),
  /** Won against lost deals by role, seniority and department in the buying committee. */
  personas: z.array(
    z.strictObject({
      dimension: z.string(),
      value: z.string(),
      deals: z.number().int().nonnegative(),
      won: z.number().int().nonnegative(),
      win_rate: z.number(),
      interval: intervalSchema,
      win_rate_without: z.number().nullable(),
      lift: z.number(),
    }),
  ),
  /** Sentences worth reading: contrasts with other targets, data caveats. */
  findings: z.array(z.string()),
  validation: z
    .strictObject({
      folds: z.number().int().positive(),
      auc: z.number(),
      auc_interval: intervalSchema,
      share_ab: z.number(),
      positives_captured_ab: z.number(),
      rate_a: z.number(),
      rate_d: z.number(),
      calibration_error: z.number(),
      /**
       * What each fold's inner cross-validation chose: the penalty (ridge towards the average,
       * smoothing between neighbouring bins) and the number of interactions kept; the scorecard
       * uses the most frequent penalty and the median count. Absent in older ICPs.
       */
      tuning: z
        .array(
          z.strictObject({
            ridge: z.number(),
            smooth: z.number(),
            interactions: z.number().int().nonnegative(),
          }),
        )
        .optional(),
    })
    .nullable(),
  /**
   * What a customer of each tier was worth where the ICP was discovered (accounts tiered by
   * this ICP's own scorecard, so in-sample), to size a market by tier. Absent when the data
   * hold neither revenue nor deals.
   */
  economics: z
    .strictObject({
      currency: z.string(),
      tiers: z.strictObject({
        A: tierEconomicsSchema,
        B: tierEconomicsSchema,
        C: tierEconomicsSchema,
        D: tierEconomicsSchema,
      }),
    })
    .optional(),
  provenance: z.strictObject({
    engine: z.string(),
    data_fingerprint: z.string(),
    as_of: z.string(),
    rows: z.record(z.string(), z.number().int().nonnegative()),
    seed: z.number().int(),
    settings: z.record(z.string(), z.unknown()),
  }),
});

export type IcpDefinition = z.infer<typeof icpDefinitionSchema>;
