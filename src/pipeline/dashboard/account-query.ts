import { IcpError } from '../../core/errors/icp-error.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { TIER_KEYS, type TierKey } from '../../core/icp/tiers.js';

/** One page of accounts: which ones, in what order. Every field is optional. */
export interface AccountQuery {
  readonly tier?: TierKey;
  /** A segment id from the summary: `s0`, `s1`... for icp.segments, `a0`... for anti_segments. */
  readonly segment?: string;
  /** Text every shown column is searched for, ignoring case. */
  readonly q?: string;
  /** A column key; `-key` sorts descending. Ties are broken by account id. */
  readonly sort?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export const MAX_PAGE = 500;

/**
 * Parses a query string into an AccountQuery, naming the parameter and the fix when a value
 * is wrong. `segments` are the ids that exist.
 *
 * @example parseAccountQuery({ tier: 'A', sort: '-score', limit: '50' }, ['s0'], ['score'])
 */
export function parseAccountQuery(
  params: Readonly<Record<string, string | undefined>>,
  segments: readonly string[],
  columns: readonly string[],
): AccountQuery {
  const { tier, segment, q, sort, limit, offset } = params;
  const out: { -readonly [K in keyof AccountQuery]: AccountQuery[K] } = {};
  if (tier) {
    if (!(TIER_KEYS as readonly string[]).includes(tier))
      throw new IcpError(
        'USAGE',
        `tier: "${tier}" is not a tier. Use one of ${TIER_KEYS.join(', ')}.`,
      );
    out.tier = tier as TierKey;
  }
  if (segment) {
    if (!segments.includes(segment))
      throw new IcpError(
        'USAGE',
        `segment: "${segment}" is not a segment of this ICP. Use one of ${segments.join(', ') || '(none)'}.`,
      );
    out.segment = segment;
  }
  if (q) out.q = q;
  if (sort) {
    const key = sort.startsWith('-') ? sort.slice(1) : sort;
    if (!columns.includes(key))
      throw new IcpError(
        'USAGE',
        `sort: "${key}" is not a column. Use one of ${columns.join(', ')}, with "-" before it for descending.`,
      );
    out.sort = sort;
  }
  const whole = (name: string, v: string | undefined, min: number, max: number) => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new IcpError('USAGE', `${name}: "${v}" is not a whole number from ${min} to ${max}.`);
    return n;
  };
  const l = whole('limit', limit, 1, MAX_PAGE);
  if (l !== undefined) out.limit = l;
  const o = whole('offset', offset, 0, Number.MAX_SAFE_INTEGER);
  if (o !== undefined) out.offset = o;
  return out;
}

/** The WHERE and ORDER BY of a query over `_dashboard_accounts`. */
export function accountQuerySql(query: AccountQuery): { where: string; orderBy: string } {
  const parts: string[] = [];
  if (query.tier) parts.push(`tier = ${quoteLiteral(query.tier)}`);
  if (query.segment)
    parts.push(
      `account_id IN (SELECT account_id FROM _dashboard_segments WHERE segment = ${quoteLiteral(query.segment)})`,
    );
  // contains() rather than LIKE: no wildcard in the user's text to escape.
  if (query.q) parts.push(`contains(_search, ${quoteLiteral(query.q.toLowerCase())})`);
  const sort = query.sort ?? 'account_id';
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const orderBy =
    key === 'account_id'
      ? `account_id ${desc ? 'DESC' : 'ASC'}`
      : `${quoteIdent(key)} ${desc ? 'DESC' : 'ASC'} NULLS LAST, account_id`;
  return { where: parts.length > 0 ? parts.join(' AND ') : 'true', orderBy };
}
