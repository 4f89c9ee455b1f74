import type { Random } from '../core/random/prng.js';
import type { AccountRows, WorldSettings } from './account-rows.js';
import { COMMITTEE_ROLE, type Segment } from './planted-truth.js';
import { MISSING, money, pad } from './row-format.js';
import { type BEHAVIOUR, type Firmographics, OWNERS } from './world-model.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** An account as its deals need it: who it is, how its segment behaves, who works there. */
export interface DealAccount {
  readonly index: number;
  readonly id: string;
  readonly f: Firmographics;
  readonly b: (typeof BEHAVIOUR)[Segment];
  readonly created: number;
  /** An economic buyer is among the contacts (the first one). */
  readonly hasBuyer: boolean;
  readonly contacts: readonly { id: string; role: string }[];
}

/**
 * The deals of one account and their buying committees; the first won deal makes the account
 * a customer, later ones expand it. Returns the won deals, by close day and ACV.
 */
export function dealRows(
  r: Random,
  a: DealAccount,
  w: WorldSettings,
  out: AccountRows,
): { day: number; acv: number }[] {
  const nDeals = 1 + (r.chance(0.35) ? 1 : 0) + (r.chance(0.1) ? 1 : 0);
  const wins: { day: number; acv: number }[] = [];
  let dealDay = a.created + r.int(0, 30);
  for (let k = 0; k < nDeals && dealDay < w.today; k++) {
    const buyerIn = a.hasBuyer && r.chance(0.7);
    const deal = oneDeal(r, a, w, { k, dealDay, buyerIn }, out);
    if (deal.win) wins.push({ day: deal.close, acv: deal.acv });
    committeeRows(r, a, deal.did, buyerIn, out);
    dealDay = deal.close + r.int(60, 360);
  }
  return wins;
}

/** One deal: open when it would close after today, else won or lost (a win counted only then). */
function oneDeal(
  r: Random,
  a: DealAccount,
  w: WorldSettings,
  at: { k: number; dealDay: number; buyerIn: boolean },
  out: AccountRows,
): { did: string; close: number; acv: number; win: boolean } {
  const { f, b } = a;
  const cal = w.calendar;
  const { dealDay } = at;
  const win =
    r.next() <
    sigmoid(b.winLogit + (at.buyerIn ? 0.9 : -0.3) + (f.leadSource === 'Referral' ? 0.2 : 0));
  const acv =
    Math.round(
      ((4000 + 45 * f.employees ** 0.85) * b.acvFactor * Math.exp(0.3 * r.normal())) / 10,
    ) * 10;
  let close = dealDay + 3 + Math.round(b.cycleDays * Math.exp(0.5 * r.normal()));
  // Quarter-end push: many deals close in the last two weeks of their quarter.
  const qEnd = cal.quarterEnd(Math.min(close, w.today));
  if (r.chance(0.45) && qEnd - 14 > dealDay) close = Math.max(close, qEnd - r.int(0, 13));
  const did = `DEAL-${pad(a.index + 1)}-${at.k + 1}`;
  const owner = r.pick(OWNERS);
  const source = r.chance(MISSING) ? '' : f.leadSource;
  const open = close > w.today;
  out.deals.push(
    [
      did,
      a.id,
      cal.iso8601(dealDay),
      open ? '' : cal.iso8601(close),
      open
        ? r.pick(['Prospecting', 'Proposal', 'Negotiation'])
        : win
          ? 'Closed Won'
          : 'Closed Lost',
      money(acv),
      source,
      owner,
    ].join(','),
  );
  return { did, close, acv, win: !open && win };
}

/** Who took part in a deal: the buyer when in, and one or two of the other contacts. */
function committeeRows(
  r: Random,
  a: DealAccount,
  did: string,
  buyerIn: boolean,
  out: AccountRows,
): void {
  const { contacts } = a;
  const committee = new Set<string>();
  if (buyerIn) committee.add(contacts[0]!.id);
  const others = contacts.filter((c) => c.role !== COMMITTEE_ROLE);
  for (let m = r.int(1, 2); m > 0 && others.length > 0; m--) committee.add(r.pick(others).id);
  for (const cid of [...committee].sort()) {
    out.deal_contacts.push(`${did},${cid},${contacts.find((c) => c.id === cid)!.role}`);
  }
}

/** An orphan: a deal whose account never made it into the accounts export. */
export function orphanDeal(r: Random, index: number, created: number, w: WorldSettings): string {
  const cal = w.calendar;
  return [
    `DEAL-X${pad(index + 1)}`,
    `ACC-X${pad(index + 1)}`,
    cal.iso8601(created),
    cal.iso8601(Math.min(created + 40, w.today)),
    'Closed Lost',
    '5000.00',
    'Outbound',
    r.pick(OWNERS),
  ].join(',');
}
