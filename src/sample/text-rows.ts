import { createRandom, deriveSeed, type Random } from '../core/random/prng.js';
import type { AccountRows } from './account-rows.js';
import { csvField } from './calendar.js';
import type { Segment } from './planted-truth.js';
import {
  COMMON_REQUESTS,
  IDEAL_PAIN,
  LOST_REASONS,
  NEUTRAL_COMMENTS,
  SUPPORT_TICKETS,
  TRAP_REQUESTS,
  WON_REASONS,
} from './text-pools.js';

/** The key of the text stream: deriveSeed(seed, index, TEXT_STREAM) is no other stream. */
const TEXT_STREAM = 0x7e47;

/** The tag that marks a ticket as a feature request (one of voc.request_tags' defaults). */
export const REQUEST_TAG = 'feature_request';

/** Headers appended to the tickets and deals files. */
export const TEXT_HEADERS = {
  tickets: ',Subject,Description,Tags',
  deals: ',Lost Reason,Won Reason',
} as const;

/** How many rows of each file an account had before its rows were drawn. */
export type RowMarks = Readonly<Record<keyof AccountRows, number>>;

export function rowMarks(rows: AccountRows): RowMarks {
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length])) as RowMarks;
}

/**
 * Adds the text of account `index` to the rows `accountRows` just drew for it (those after
 * `marks`): a subject, description and tags on each ticket, a lost or won reason on each closed
 * deal; without themes, NPS comments are redrawn whatever the score. The text comes from its
 * own random stream, so every other value of the world is the same with or without it.
 * With `themes`, the ideal segment's tickets tell of multi-entity consolidation and its won
 * deals of the month-end close, the trap asks for a cheaper plan and POS integrations and
 * loses on price; without, every account writes from the same pools at the same rates.
 */
export function addText(
  seed: number,
  index: number,
  segment: Segment,
  themes: boolean,
  rows: AccountRows,
  marks: RowMarks,
): void {
  const r = createRandom(deriveSeed(seed, index, TEXT_STREAM));
  const s = themes ? segment : 'other';
  for (let i = marks.tickets; i < rows.tickets.length; i++)
    rows.tickets[i] = `${rows.tickets[i]},${ticketText(r, s, themes)}`;
  for (let i = marks.deals; i < rows.deals.length; i++) {
    const stage = rows.deals[i]!.split(',')[4];
    rows.deals[i] = `${rows.deals[i]},${dealText(r, s, stage, themes)}`;
  }
  if (!themes) {
    for (let i = marks.feedback; i < rows.feedback.length; i++) {
      const line = rows.feedback[i]!;
      const cut = nthComma(line, 3);
      if (cut < line.length - 1)
        rows.feedback[i] = `${line.slice(0, cut + 1)}${csvField(r.pick(NEUTRAL_COMMENTS))}`;
    }
  }
}

/** Subject, description and tags of one ticket. */
function ticketText(r: Random, segment: Segment, themes: boolean): string {
  const u = r.next();
  // Without themes everyone draws the planted texts too, at one rate.
  const pain = themes ? (segment === 'ideal' ? 0.45 : 0) : 0.06;
  const trap = themes ? (segment === 'trap' ? 0.45 : 0) : 0.06;
  if (u < pain) return fields(r.pick(IDEAL_PAIN), 'consolidation');
  if (u < pain + trap) return fields(r.pick(TRAP_REQUESTS), REQUEST_TAG);
  if (u < pain + trap + 0.08) return fields(r.pick(COMMON_REQUESTS), REQUEST_TAG);
  const [subject, body, tag] = r.pick(SUPPORT_TICKETS);
  return fields([subject, body], tag);
}

function fields([subject, body]: readonly [string, string], tags: string): string {
  return [csvField(subject), csvField(body), tags].join(',');
}

/** The lost and won reason of one deal: only closed deals have one, four in five filled. */
function dealText(r: Random, segment: Segment, stage: string | undefined, themes: boolean): string {
  const filled = r.chance(0.8);
  const pool = (reasons: typeof WON_REASONS | typeof LOST_REASONS): readonly string[] =>
    !themes
      ? [...reasons.ideal, ...reasons.trap, ...reasons.common]
      : segment === 'ideal' || segment === 'trap'
        ? r.chance(0.7)
          ? reasons[segment]
          : reasons.common
        : reasons.common;
  if (stage === 'Closed Won') return `,${filled ? csvField(r.pick(pool(WON_REASONS))) : ''}`;
  if (stage === 'Closed Lost') return `${filled ? csvField(r.pick(pool(LOST_REASONS))) : ''},`;
  return ',';
}

function nthComma(line: string, n: number): number {
  let at = -1;
  for (let k = 0; k < n; k++) at = line.indexOf(',', at + 1);
  return at;
}
