import { type DataIssue, formatCount } from '../../core/issues/data-issue.js';
import { showValue } from '../../core/issues/value-display.js';
import type { LinkMethod, LinkReport } from './link-report.js';
import { percent } from '../../core/format/percent.js';

const METHOD_WORDS: Readonly<Record<LinkMethod, string>> = {
  id: 'by id',
  column: 'by the key column',
  domain: 'by company domain',
  email: 'by email domain',
  name: 'by company name',
};

/** "10 by id, 3 by email domain" (the methods that linked anything), or "none". */
export function describeLinked(report: LinkReport): string {
  const parts = (Object.keys(METHOD_WORDS) as LinkMethod[])
    .filter((m) => report.by[m] > 0)
    .map((m) =>
      m === 'column' && report.keyColumn
        ? `${formatCount(report.by[m])} by accounts' "${report.keyColumn}"`
        : `${formatCount(report.by[m])} ${METHOD_WORDS[m]}`,
    );
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** "6 not found, first "cus_9" at row 4; 3 ambiguous (...); 1 with no key", or "" when all linked. */
export function describeUnlinked(report: LinkReport): string {
  const first = report.unmatched.find((u) => !u.ambiguous);
  const ambiguous = report.unmatched.find((u) => u.ambiguous);
  const at = (u: LinkReport['unmatched'][number] | undefined) =>
    u ? `, first ${showValue(u.key)} at row ${u.firstRow}` : '';
  const parts = [
    report.notFound > 0 ? `${formatCount(report.notFound)} not found${at(first)}` : '',
    report.ambiguous > 0
      ? `${formatCount(report.ambiguous)} ambiguous (${report.ambiguous === 1 ? 'its' : 'their'} name or domain fits several accounts)${at(ambiguous)}`
      : '',
    report.noKey > 0 ? `${formatCount(report.noKey)} with no account, name, domain or email` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

/**
 * The warning for a table linked below its minimum rate, naming what is lost: "38% of invoice
 * revenue (12,340 of 32,500 USD) belongs to no account", or the share of rows when the table
 * carries no money.
 */
export function linkWarning(report: LinkReport): DataIssue | undefined {
  const { rows, linked, amount, minRate } = report;
  const rowRate = rows === 0 ? 1 : linked / rows;
  const moneyRate = amount && amount.total > 0 ? 1 - amount.unlinked / amount.total : undefined;
  if (rowRate >= minRate && (moneyRate === undefined || moneyRate >= minRate)) return undefined;
  const unlinked = rows - linked;
  const money =
    amount && amount.total > 0
      ? `${formatCount(Math.round(amount.unlinked))} of ${formatCount(Math.round(amount.total))} ${amount.currency}`
      : '';
  const what =
    moneyRate !== undefined && moneyRate < minRate && amount
      ? `${percent(1 - moneyRate)} of ${amount.label} (${money}) belongs to no account: ${formatCount(unlinked)} of ${formatCount(rows)} rows are not linked`
      : `${percent(1 - rowRate)} of the rows (${formatCount(unlinked)} of ${formatCount(rows)}) belong to no account${amount && money ? `, with ${money} of ${amount.label}` : ''}`;
  return {
    severity: 'warning',
    code: 'weak_link',
    table: report.table,
    file: report.file,
    count: unlinked,
    message: `${report.file}: ${what}: ${describeUnlinked(report)}. Linked ${describeLinked(report)}, below the ${percent(minRate)} expected. Add the missing accounts, or say how the rows link in sources.${report.table}.link (see docs/config.md).`,
  };
}
