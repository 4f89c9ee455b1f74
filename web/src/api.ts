import type {
  AccountPage,
  DashboardSummary as Summary,
} from '../../src/core/dashboard/dashboard-summary.js';
import type { IcpDefinition } from '../../src/core/icp/definition.js';
import type { RecordScore } from '../../src/core/icp/score-record.js';
import type { VocResult, VocTheme } from '../../src/core/text/voc-result.js';

/** The API's types, from where they are defined (src/core): the page only imports types. */
export type { AccountPage, IcpDefinition, RecordScore, Summary, VocResult, VocTheme };

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
