import { createRandom, deriveSeed, type Random } from '../core/random/prng.js';
import type { Calendar } from './calendar.js';
import { csvField } from './calendar.js';
import { customerLife } from './customer-life.js';
import { dealRows, orphanDeal } from './deal-rows.js';
import { COMMITTEE_ROLE, EMERGING, type Segment } from './planted-truth.js';
import { MISSING, pad } from './row-format.js';
import {
  BEHAVIOUR,
  drawFirmographics,
  FIRST_NAMES,
  type Firmographics,
  INDUSTRIES,
  LAST_NAMES,
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

/** The key of the stream that decides an account's inflow into the emerging segment. */
const INFLOW_STREAM = 0x1f10;

/**
 * Draws everything about account `index` from its own random stream, so the world is the same
 * whatever order or batch size it is written in. The draws happen in one fixed order (the
 * helpers below are called in it): changing it changes every generated world.
 */
export function accountRows(index: number, w: WorldSettings, out: AccountRows): Segment {
  const r = createRandom(deriveSeed(w.seed, index));
  const cal = w.calendar;
  const drawn = drawFirmographics(r);
  const created = createdDay(r, w);
  const late = created >= w.emergingFrom;
  const f = withInflow(drawn, index, late, w);
  const segment = segmentOf(f, late, w.drift);
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
  const { contacts, hasBuyer } = contactRows(r, index, id, f, out);
  const b = BEHAVIOUR[segment];
  const wins = dealRows(r, { index, id, f, b, created, hasBuyer, contacts }, w, out);
  if (r.chance(0.002)) out.deals.push(orphanDeal(r, index, created, w));
  if (wins.length > 0) customerLife(r, w, id, f, b, wins, out);
  return segment;
}

/**
 * The emerging market grows: some late arrivals of other industries are healthcare instead.
 * Drawn from a stream of its own, so the account's other draws stay as they were.
 */
function withInflow(drawn: Firmographics, index: number, late: boolean, w: WorldSettings) {
  return w.drift &&
    late &&
    (EMERGING.inflowFrom as readonly string[]).includes(drawn.industry) &&
    createRandom(deriveSeed(w.seed, index, INFLOW_STREAM)).chance(EMERGING.inflow)
    ? { ...drawn, industry: EMERGING.industry }
    : drawn;
}

/** The account's contacts: an economic buyer exists at about half the accounts. */
function contactRows(r: Random, index: number, id: string, f: Firmographics, out: AccountRows) {
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
  return { contacts, hasBuyer };
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
