import type { Random } from '../core/random/prng.js';
import type { AccountRows, WorldSettings } from './account-rows.js';
import { csvField } from './calendar.js';
import type { Segment } from './planted-truth.js';
import { money } from './row-format.js';
import { BEHAVIOUR, type Firmographics } from './world-model.js';

/**
 * The life of a customer from its first won deal: a monthly invoice (grown by later wins and by
 * expansion), tickets, quarterly usage and an occasional NPS answer, until it churns or today.
 */
export function customerLife(
  r: Random,
  w: WorldSettings,
  id: string,
  f: Firmographics,
  b: (typeof BEHAVIOUR)[Segment],
  wins: readonly { day: number; acv: number }[],
  out: AccountRows,
): void {
  const cal = w.calendar;
  const first = wins[0]!;
  const billDay = cal.dayOfMonth(first.day);
  const lastMonth = cal.monthIndex(w.today);
  let mrr = first.acv / 12;
  let next = 1;
  let month = cal.monthIndex(first.day);
  let n = 0;
  let ticketNo = 0;
  for (; month <= lastMonth; month++, n++) {
    while (next < wins.length && cal.monthIndex(wins[next]!.day) <= month)
      mrr += wins[next++]!.acv / 12;
    const day = cal.dayIn(month, billDay);
    if (day > w.today) break;
    out.invoices.push(`INV-${id.slice(4)}-${n + 1},${id},${cal.iso8601(day)},${money(mrr)}`);
    for (let t = poisson(r, b.ticketsPerMonth); t > 0; t--) {
      const td = Math.min(w.today, cal.dayIn(month, r.int(1, 28)));
      const minutes = Math.max(1, Math.round(b.ticketMinutes * Math.exp(0.6 * r.normal())));
      out.tickets.push(
        `TCK-${id.slice(4)}-${++ticketNo},${id},${cal.iso8601(td)},${minutes},${r.weighted(['Low', 'Normal', 'High', 'Urgent'], [30, 45, 18, 7])}`,
      );
    }
    if (n % 3 === 2) {
      const adoption =
        b === BEHAVIOUR.ideal || b === BEHAVIOUR.emerging
          ? 0.6
          : b === BEHAVIOUR.trap
            ? 0.15
            : 0.35;
      const users = Math.max(
        1,
        Math.round(f.employees * adoption * 0.3 * Math.exp(0.3 * r.normal())),
      );
      const qd = cal.iso8601(cal.dayIn(month, 28));
      out.usage.push(
        `${id},${qd},active_users,${users}`,
        `${id},${qd},reports_run,${Math.round(users * 4 * Math.exp(0.4 * r.normal()))}`,
      );
    }
    if (n % 6 === 5 && r.chance(0.5)) {
      const score = Math.min(10, Math.max(0, Math.round(b.npsMean + 1.6 * r.normal())));
      const comment = r.chance(0.3)
        ? csvField(
            score >= 9
              ? 'Great support, easy to roll out'
              : score >= 7
                ? 'Does the job, reports could be faster'
                : 'Too many issues, considering other options',
          )
        : '';
      out.feedback.push(`${id},${cal.iso8601(cal.dayIn(month, 15))},${score},${comment}`);
    }
    mrr *= 1 + b.growthPerMonth + 0.01 * r.normal();
    if (r.chance(b.churnPerMonth)) break;
  }
}

/** Poisson variate by Knuth's method: fine for the small rates used here. */
function poisson(r: Random, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r.next();
  while (p > limit) {
    k++;
    p *= r.next();
  }
  return k;
}
