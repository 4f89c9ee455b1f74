import { createRandom, deriveSeed, type Random } from '../core/random/prng.js';
import type { Calendar } from './calendar.js';
import { csvField } from './calendar.js';
import { COMMITTEE_ROLE, EMERGING, type Segment } from './planted-truth.js';
import {
  BEHAVIOUR,
  drawFirmographics,
  FIRST_NAMES,
  type Firmographics,
  INDUSTRIES,
  LAST_NAMES,
  OWNERS,
  ROLES,
  segmentOf,
  TITLES,
} from './world-model.js';

/** The rows of one account for each output file, as CSV lines without line breaks. */
export interface AccountRows {
  accounts: string[];
  deals: string[];
  invoices: string[];
  tickets: string[];
  usage: string[];
  contacts: string[];
  deal_contacts: string[];
  feedback: string[];
}

export interface WorldSettings {
  readonly seed: number;
  readonly drift: boolean;
  readonly calendar: Calendar;
  readonly start: number;
  readonly today: number;
  readonly emergingFrom: number;
}

const MISSING = 0.1;
/** The key of the stream that decides an account's inflow into the emerging segment. */
const INFLOW_STREAM = 0x1f10;
const pad = (i: number) => String(i).padStart(7, '0');
const money = (x: number) => (Math.round(x * 100) / 100).toFixed(2);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Draws everything about account `index` from its own random stream, so the world is the same
 * whatever order or batch size it is written in.
 */
export function accountRows(index: number, w: WorldSettings, out: AccountRows): Segment {
  const r = createRandom(deriveSeed(w.seed, index));
  const cal = w.calendar;
  const drawn = drawFirmographics(r);
  const created = createdDay(r, w);
  const late = created >= w.emergingFrom;
  // The emerging market grows: some late arrivals of other industries are healthcare instead.
  // Drawn from a stream of its own, so the account's other draws stay as they were.
  const f =
    w.drift &&
    late &&
    (EMERGING.inflowFrom as readonly string[]).includes(drawn.industry) &&
    createRandom(deriveSeed(w.seed, index, INFLOW_STREAM)).chance(EMERGING.inflow)
      ? { ...drawn, industry: EMERGING.industry }
      : drawn;
  const segment = segmentOf(f, late, w.drift);
  const b = BEHAVIOUR[segment];
  const id = `ACC-${pad(index + 1)}`;
  const domain = `${f.name.toLowerCase().replace(/[^a-z]/g, '')}${(index + 1).toString(36)}.com`;
  out.accounts.push(accountLine(r, id, f, domain, cal.iso8601(created)));
  if (r.chance(0.003)) {
    // A duplicate of the same company under another id, as CRMs accumulate.
    out.accounts.push(
      accountLine(
        r,
        `ACC-D${pad(index + 1)}`,
        { ...f, name: f.name.toUpperCase() },
        domain,
        cal.iso8601(created),
      ),
    );
  }

  // Contacts: an economic buyer exists at about half the accounts.
  const contacts: { id: string; role: string }[] = [];
  const nContacts = r.int(1, 3) + (f.employees >= 1000 ? 1 : 0);
  const hasBuyer = r.chance(0.5);
  for (let c = 0; c < nContacts + (hasBuyer ? 1 : 0); c++) {
    const role =
      hasBuyer && c === 0 ? COMMITTEE_ROLE : r.weighted(ROLES.slice(1), [30, 25, 35, 10]);
    const t = r.pick(TITLES[role as (typeof ROLES)[number]]);
    const cid = `CON-${pad(index + 1)}-${c + 1}`;
    contacts.push({ id: cid, role });
    out.contacts.push(
      [
        cid,
        id,
        csvField(`${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`),
        t.title,
        role,
        t.seniority,
        t.department,
      ].join(','),
    );
  }

  // Deals; the first won deal makes the account a customer, later ones expand it.
  const nDeals = 1 + (r.chance(0.35) ? 1 : 0) + (r.chance(0.1) ? 1 : 0);
  const wins: { day: number; acv: number }[] = [];
  let dealDay = created + r.int(0, 30);
  for (let k = 0; k < nDeals && dealDay < w.today; k++) {
    const buyerIn = hasBuyer && r.chance(0.7);
    const win =
      r.next() <
      sigmoid(b.winLogit + (buyerIn ? 0.9 : -0.3) + (f.leadSource === 'Referral' ? 0.2 : 0));
    const acv =
      Math.round(
        ((4000 + 45 * f.employees ** 0.85) * b.acvFactor * Math.exp(0.3 * r.normal())) / 10,
      ) * 10;
    let close = dealDay + 3 + Math.round(b.cycleDays * Math.exp(0.5 * r.normal()));
    // Quarter-end push: many deals close in the last two weeks of their quarter.
    const qEnd = cal.quarterEnd(Math.min(close, w.today));
    if (r.chance(0.45) && qEnd - 14 > dealDay) close = Math.max(close, qEnd - r.int(0, 13));
    const did = `DEAL-${pad(index + 1)}-${k + 1}`;
    const owner = r.pick(OWNERS);
    const source = r.chance(MISSING) ? '' : f.leadSource;
    if (close > w.today) {
      out.deals.push(
        [
          did,
          id,
          cal.iso8601(dealDay),
          '',
          r.pick(['Prospecting', 'Proposal', 'Negotiation']),
          money(acv),
          source,
          owner,
        ].join(','),
      );
    } else {
      out.deals.push(
        [
          did,
          id,
          cal.iso8601(dealDay),
          cal.iso8601(close),
          win ? 'Closed Won' : 'Closed Lost',
          money(acv),
          source,
          owner,
        ].join(','),
      );
      if (win) wins.push({ day: close, acv });
    }
    const committee = new Set<string>();
    if (buyerIn) committee.add(contacts[0]!.id);
    const others = contacts.filter((c) => c.role !== COMMITTEE_ROLE);
    for (let m = r.int(1, 2); m > 0 && others.length > 0; m--) committee.add(r.pick(others).id);
    for (const cid of [...committee].sort()) {
      out.deal_contacts.push(`${did},${cid},${contacts.find((c) => c.id === cid)!.role}`);
    }
    dealDay = close + r.int(60, 360);
  }
  if (r.chance(0.002)) {
    // An orphan: a deal whose account never made it into the accounts export.
    out.deals.push(
      [
        `DEAL-X${pad(index + 1)}`,
        `ACC-X${pad(index + 1)}`,
        cal.iso8601(created),
        cal.iso8601(Math.min(created + 40, w.today)),
        'Closed Lost',
        '5000.00',
        'Outbound',
        r.pick(OWNERS),
      ].join(','),
    );
  }
  if (wins.length > 0) customerLife(r, w, id, f, b, wins, out);
  return segment;
}

function createdDay(r: Random, w: WorldSettings): number {
  // Quarterly seasonality: Q4 brings about a third more new accounts than other quarters.
  for (;;) {
    const d = w.start + Math.floor(r.next() * (w.today - w.start - 30));
    const month = w.calendar.monthIndex(d) % 12;
    if (month >= 9 || r.chance(0.75)) return d;
  }
}

function accountLine(
  r: Random,
  id: string,
  f: Firmographics,
  domain: string,
  created: string,
): string {
  const opt = (v: string | number) => (r.chance(MISSING) ? '' : String(v));
  const variants = INDUSTRIES.find((i) => i.name === f.industry)!.variants;
  const industry = r.chance(0.15) ? r.pick(variants) : f.industry;
  return [
    id,
    csvField(f.name),
    opt(domain),
    csvField(opt(industry)),
    opt(f.employees),
    opt(f.annualRevenue),
    opt(f.country),
    opt(f.region),
    created,
    opt(f.funding),
    opt(f.tech),
    opt(f.leadSource),
    opt(f.crm),
    opt(f.foundedYear),
  ].join(',');
}

function customerLife(
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
