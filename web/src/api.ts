import type { IcpDefinition } from '../../src/core/icp/definition.js';
import type { RecordScore } from '../../src/core/icp/score-record.js';
import type { VocResult, VocTheme } from '../../src/core/text/voc-result.js';

export type { IcpDefinition, RecordScore, VocResult, VocTheme };

export type TierKey = 'A' | 'B' | 'C' | 'D' | 'unknown' | 'disqualified';

export interface Rate {
  readonly rate: number;
  readonly n: number;
  readonly lo: number;
  readonly hi: number;
}

/** Mirrors DashboardSummary in src/pipeline/dashboard/dashboard-data.ts. */
export interface Summary {
  readonly name: string | null;
  readonly currency: string;
  readonly asOf: string;
  readonly accounts: number;
  readonly tierSource: { readonly method: string; readonly note: string };
  readonly tiers: readonly {
    readonly tier: TierKey;
    readonly accounts: number;
    readonly customers: number;
    readonly winRate: Rate | null;
    readonly churnRate: Rate | null;
    readonly netValuePerMonth: number | null;
  }[];
  readonly segments: readonly {
    readonly id: string;
    readonly kind: 'segment' | 'anti-segment';
    readonly label: string;
    readonly rate: number;
    readonly lift: number;
    readonly accounts: number;
  }[];
  readonly columns: readonly Column[];
  readonly voc: VocResult | null;
}

export interface Column {
  readonly key: string;
  readonly label: string;
  readonly kind: 'text' | 'number' | 'boolean';
  readonly unit?: 'money';
  readonly attribute?: true;
}

export interface AccountPage {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly rows: readonly Record<string, string | number | boolean | null>[];
}

/** The API's error body: `{ error: { code, message } }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY = 'icp-api-key';

/** The API key, when the server wants one (ICP_API_KEY); kept for this tab only. */
export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}
export function setApiKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

/** fetch with the API key and the API's errors thrown as ApiError. */
export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const key = apiKey();
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  const res = await fetch(path, { ...init, headers });
  if (!res.ok) {
    let code = 'HTTP';
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // Not the API's JSON error: keep the status line.
    }
    throw new ApiError(res.status, code, message);
  }
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await call(path)).json()) as T;
}
