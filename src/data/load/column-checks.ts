import type { CanonicalColumn } from '../../core/model/canonical.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import type { DataIssueCode } from '../../core/issues/data-issue.js';
import { showValue } from '../../core/issues/value-display.js';
import type { StageMapping } from './stage-mapping.js';
import { stageKeyExpr } from './stage-mapping.js';

/** One rule checked on every row of a column: a SQL condition and the sentence for a hit. */
export interface RowCheck {
  readonly code: DataIssueCode;
  readonly severity: 'error' | 'warning';
  readonly column: string;
  /** SQL condition true on a bad row. */
  readonly when: string;
  /** SQL for the value shown in the message. */
  readonly show: string;
  /** The message after `file row N, column "H": `; gets the value shown. */
  readonly describe: (value: string) => string;
}

export interface ColumnExprs {
  readonly text: string;
  readonly parsed: string;
}

/** Adds a check that is an error on this column; the value shown is the cell's text by default. */
type AddCheck = (
  code: DataIssueCode,
  when: string,
  describe: (v: string) => string,
  show?: string,
) => void;

/** The checks of one canonical column, given its text and parsed SQL expressions. */
export function columnChecks(
  table: string,
  header: string,
  spec: CanonicalColumn,
  exprs: ColumnExprs,
  context: { today: string; stages?: StageMapping; isKey: boolean; canonical: string },
): RowCheck[] {
  const { text } = exprs;
  const checks: RowCheck[] = [];
  const add: AddCheck = (code, when, describe, show = text) =>
    checks.push({ code, severity: 'error', column: header, when, show, describe });

  if (context.isKey) {
    add(
      'missing_key',
      `${text} IS NULL`,
      () => `empty, but every ${table} row needs an id. Fill it in or remove the row.`,
      "''",
    );
  }
  switch (spec.type) {
    case 'id':
    case 'string':
      break;
    case 'number':
    case 'integer':
      numberChecks(add, spec, exprs, context.canonical);
      break;
    case 'date':
      dateChecks(add, table, exprs, context.today);
      break;
    case 'stage':
      stageChecks(add, table, text, context.stages);
      break;
    default: {
      const never: never = spec.type;
      throw new Error(`unknown column type ${String(never)}`);
    }
  }
  return checks;
}

/** A number or whole number: it parses, and is not negative or out of range where it cannot be. */
function numberChecks(
  add: AddCheck,
  spec: CanonicalColumn,
  { text, parsed }: ColumnExprs,
  canonical: string,
): void {
  const whole = spec.type === 'integer';
  const bad = whole
    ? `${text} IS NOT NULL AND (${parsed} IS NULL OR NOT isfinite(${parsed}) OR ${parsed} <> round(${parsed}))`
    : `${text} IS NOT NULL AND (${parsed} IS NULL OR NOT isfinite(${parsed}))`;
  add(whole ? 'bad_integer' : 'bad_number', bad, (v) =>
    whole
      ? `${showValue(v)} is not a whole number. Use digits only, without a decimal part.`
      : `${showValue(v)} is not a number. Use digits with an optional decimal point.`,
  );
  const money = ['amount', 'mrr', 'annual_revenue'].includes(canonical);
  if (spec.nonNegative) {
    add(
      'negative',
      `isfinite(${parsed}) AND ${parsed} < 0`,
      (v) =>
        `${showValue(v)} is negative, which this column cannot be. Correct it, or leave it empty if unknown${money ? ' (refunds and credit notes do not belong in this file)' : ''}.`,
    );
  }
  if (spec.range) {
    const [lo, hi] = spec.range;
    add(
      'out_of_range',
      `isfinite(${parsed}) AND (${parsed} < ${lo} OR ${parsed} > ${hi})`,
      (v) => `${showValue(v)} is outside ${lo} to ${hi}. Use a value from ${lo} to ${hi}.`,
    );
  }
}

/** A date: it parses, and is neither before 1900 nor more than a year after today. */
function dateChecks(add: AddCheck, table: string, { text, parsed }: ColumnExprs, today: string) {
  add(
    'bad_date',
    `${text} IS NOT NULL AND ${parsed} IS NULL`,
    (v) =>
      `${showValue(v)} is not a date. Use YYYY-MM-DD, or set sources.${table}.date_format to the format used (e.g. "%d/%m/%Y").`,
  );
  add(
    'out_of_range',
    `${parsed} < DATE '1900-01-01'`,
    (v) =>
      `${showValue(v)} is before 1900, which cannot be right. Correct the date or leave it empty.`,
  );
  add(
    'future_date',
    `${parsed} > DATE ${quoteLiteral(today)} + INTERVAL 1 YEAR`,
    (v) =>
      `${showValue(v)} is more than a year after today (${today}). Correct the date or leave it empty.`,
  );
}

/** A deal stage, when the config lists the open stages: every stage is in one of the lists. */
function stageChecks(
  add: AddCheck,
  table: string,
  text: string,
  stages: StageMapping | undefined,
): void {
  if (stages?.open === undefined) return;
  const known = [...stages.won, ...stages.lost, ...stages.open].map(quoteLiteral).join(', ');
  add(
    'unknown_stage',
    `${text} IS NOT NULL AND ${stageKeyExpr(text)} NOT IN (${known})`,
    (v) =>
      `${showValue(v)} is not listed as won, lost or open in sources.${table}.values.stage. Add it to one of the three lists.`,
  );
}
