import type { Share } from './theme-stats.js';
import { TIER_KEYS, type TierKey } from '../icp/tiers.js';

/**
 * The voice of the customer by tier, as data: what `icp audit` returns under `voc`, the report
 * renders and the dashboard shows. Pure types, shared by the pipeline, the report and the web
 * page (docs/voc.md explains every number).
 */

/**
 * Which body of text a theme was read from: raised (tickets, requests, NPS comments 0-8, churn
 * reasons, call notes), praised (won reasons, NPS comments 9-10), lost (lost reasons).
 */
export type VocLens = 'raised' | 'praised' | 'lost';

export const VOC_LENSES: readonly VocLens[] = ['raised', 'praised', 'lost'];

/** unknown: too little of the scorecard known to tier the account (counted outside A-B, as the audit does). */
export type VocTier = TierKey;

/** The groups compared: tiers, the ICP (A-B) against every other tier, ideal customers against others. */
export type VocGroup = VocTier | 'icp' | 'outside' | 'ideal' | 'rest';

export const VOC_TIERS: readonly VocTier[] = TIER_KEYS;

export const VOC_GROUPS: readonly VocGroup[] = [
  'A',
  'B',
  'C',
  'D',
  'unknown',
  'disqualified',
  'icp',
  'outside',
  'ideal',
  'rest',
];

export interface VocSourceCount {
  /** ticket, request, comment, lost reason, won reason, churn reason, call note. */
  readonly source: string;
  readonly lens: VocLens;
  readonly documents: number;
  readonly accounts: number;
}

/** A theme's numbers in one group. */
export interface VocGroupStats {
  /** Accounts of the group with text of this lens. */
  readonly accounts: number;
  /** Of those, accounts raising the theme. */
  readonly raising: number;
  /** raising / accounts with a Wilson 95% interval. */
  readonly share: Share | null;
  /** Mentions over those expected from the group's amount and kinds of text, 95% interval. */
  readonly ratio: { readonly ratio: number; readonly lo: number; readonly hi: number } | null;
}

export interface VocTest {
  readonly p: number;
  /** Benjamini-Hochberg q-value over every test of every theme of the audit. */
  readonly q: number;
}

export interface VocQuote {
  readonly accountId: string;
  readonly tier: VocTier;
  readonly date: string | null;
  readonly source: string;
  readonly text: string;
}

export interface VocTheme {
  /** Stable within one audit: `raised-0`, `praised-2`... */
  readonly id: string;
  readonly lens: VocLens;
  readonly label: string;
  readonly phrases: readonly string[];
  /** Why the phrases were grouped, in words; empty for one phrase. */
  readonly grouping: string;
  readonly documents: number;
  readonly accounts: number;
  /** Documents by source. */
  readonly sources: Readonly<Record<string, number>>;
  /**
   * icp: over-represented in tiers A-B against the other tiers (q <= 0.05); bad-fit: the
   * other way; none: neither, at this false-discovery rate.
   */
  readonly side: 'icp' | 'bad-fit' | 'none';
  /** over-represented among ideal customers against other customers (q <= 0.05), or not. */
  readonly ideal: 'more' | 'less' | 'none';
  readonly groups: Readonly<Record<VocGroup, VocGroupStats>>;
  readonly tests: { readonly icpVsOutside: VocTest; readonly idealVsRest: VocTest | null };
  readonly quotes: readonly VocQuote[];
  /** The accounts raising it most (up to 20); `accounts` counts them all. */
  readonly topAccounts: readonly {
    readonly accountId: string;
    readonly tier: VocTier;
    readonly mentions: number;
  }[];
}

/** Feature requests, tickets and support minutes by where they come from. */
export interface RoadmapDilution {
  readonly requests: number;
  readonly requestingAccounts: number;
  /** Per tier: requests, tickets, support minutes (null without minutes), accounts. */
  readonly byTier: readonly {
    readonly tier: VocTier;
    readonly accounts: number;
    readonly requests: number;
    readonly tickets: number;
    readonly minutes: number | null;
  }[];
  /**
   * Shares outside the ICP (tiers C, D, unknown, disqualified) and from bad-fit customers, each
   * with a 95% interval counting accounts as the units; null when there is nothing to share.
   */
  readonly shares: readonly {
    readonly what: 'requests' | 'tickets' | 'support minutes';
    readonly outside: Share | null;
    readonly badFit: Share | null;
  }[];
  /** Request themes ranked by requesting accounts in A-B against outside. */
  readonly ranked: {
    readonly icp: readonly RequestTheme[];
    readonly outside: readonly RequestTheme[];
  };
  /** Request themes whose requesting customers mostly churned since (Wilson lower bound > 50%). */
  readonly fromChurned: readonly RequestTheme[];
}

export interface RequestTheme {
  readonly themeId: string;
  readonly label: string;
  readonly accounts: number;
  readonly requests: number;
  /** Of the requesting customers, the share that churned. */
  readonly churned: Share | null;
}

export interface JourneyResult {
  /** Deals by lead source and tier, with win rates (accounts as units). */
  readonly sources: readonly {
    readonly tier: VocTier;
    readonly source: string;
    readonly deals: number;
    /** Share of the tier's deals. */
    readonly share: number;
    readonly winRate: Share | null;
  }[];
  /** Steps of the funnel in order, and the share of each tier's deals reaching each. */
  readonly funnel: {
    readonly from: 'stage history' | 'deal outcomes';
    readonly steps: readonly string[];
    readonly rows: readonly {
      readonly tier: VocTier;
      readonly step: string;
      readonly deals: number;
      readonly share: number;
    }[];
  } | null;
  /** Median days spent in each stage (from stage history). */
  readonly timeInStage: readonly {
    readonly tier: VocTier;
    readonly stage: string;
    readonly deals: number;
    readonly medianDays: number;
  }[];
  /** Touchpoints per closed deal by type (from activities). */
  readonly touchpoints: readonly {
    readonly tier: VocTier;
    readonly type: string;
    readonly perDeal: number;
    readonly deals: number;
  }[];
  readonly cycle: readonly {
    readonly tier: VocTier;
    readonly wonDeals: number;
    readonly medianDays: number;
    readonly p25: number;
    readonly p75: number;
  }[];
  /** Revenue in the 12th month against the first, for customers a year old or more. */
  readonly expansion: readonly {
    readonly tier: VocTier;
    readonly customers: number;
    readonly medianRatio: number;
    /** Customers paying more in month 12 than in month 1. */
    readonly expanded: Share | null;
  }[];
  /** Days from the first revenue month to the first recorded usage. */
  readonly timeToValue: readonly {
    readonly tier: VocTier;
    readonly customers: number;
    readonly medianDays: number;
  }[];
  /** What could not be measured, and why. */
  readonly missing: readonly string[];
}

export interface BehaviourMetric {
  readonly metric: string;
  readonly byTier: readonly {
    readonly tier: VocTier;
    readonly customers: number;
    /** Median total in the customer's first 90 days. */
    readonly first90: number | null;
    /** Median of the latest 90 days over the first 90 (growth); null when too young. */
    readonly growth: number | null;
    /** Median per seat in the first 90 days, when accounts carry seats. */
    readonly perSeat: number | null;
  }[];
  /**
   * A behavioural attribute of ideal customers: "ideal customers reach 40+ in their first 90
   * days", with the share of ideal and other customers reaching it; null when they do not differ.
   */
  readonly attribute: {
    readonly statement: string;
    readonly threshold: number;
    readonly ideal: Share;
    readonly rest: Share;
    readonly q: number;
  } | null;
}

export interface BehaviourResult {
  readonly metrics: readonly BehaviourMetric[];
  /** Seats column used for per-seat figures, if any. */
  readonly seatsColumn: string | null;
  readonly note: string;
}

export interface VocResult {
  /** False when no text could be read; `reason` says why. */
  readonly available: boolean;
  readonly reason: string | null;
  readonly sources: readonly VocSourceCount[];
  readonly settings: {
    readonly minAccounts: number;
    readonly maxThemes: number;
    readonly requestTags: readonly string[];
    readonly fdr: number;
  };
  /** Whether ideal customers (the target) could be told apart, else why not. */
  readonly ideal: { readonly available: boolean; readonly note: string };
  readonly themes: readonly VocTheme[];
  /** Theme ids, strongest first. */
  readonly painPoints: readonly string[];
  readonly badFitThemes: readonly string[];
  readonly jobs: readonly string[];
  readonly roadmap: RoadmapDilution | null;
  readonly journey: JourneyResult;
  readonly behaviour: BehaviourResult | null;
  /** Why roadmap dilution or behaviour are null. */
  readonly notes: readonly string[];
}
