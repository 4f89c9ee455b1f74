import { IcpError } from '../../core/errors/icp-error.js';
import type { ApiUsage, CrmSession, VendorRules } from './crm-session.js';
import { VENDOR_LABEL } from './crm-vendor.js';
import {
  DEFAULT_RETRY,
  type HttpOptions,
  parseRetryAfter,
  type RetryPolicy,
  type WaitEvent,
} from './retry-policy.js';
import { redact } from './redact.js';

/** A 4xx answer the caller may handle (a missing property, a validation error). */
export class CrmApiError extends IcpError {
  override name = 'CrmApiError';
  readonly status: number;
  readonly apiCode: string;
  readonly apiMessage: string;
  readonly body: unknown;

  constructor(status: number, apiCode: string, apiMessage: string, body: unknown, message: string) {
    super('SOURCE', message);
    this.status = status;
    this.apiCode = apiCode;
    this.apiMessage = apiMessage;
    this.body = body;
  }
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send no Authorization header (the OAuth token endpoint). */
  readonly anonymous?: boolean;
}

export interface CrmResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The retries of one request so far. */
interface Attempts {
  readonly method: string;
  /** The path without its query, for messages. */
  readonly where: string;
  failures: number;
  rateLimited: number;
  renewed: boolean;
}

/**
 * A thin JSON-over-HTTPS client on Node's fetch: timeouts, retries with exponential backoff
 * on 5xx, timeouts and dropped connections, 429 answered by waiting exactly the Retry-After
 * the server asks for, one token renewal on 401, the day's API usage kept from the headers,
 * and secrets redacted from every message.
 */
export class CrmHttp {
  /** Requests sent, retries included. */
  calls = 0;
  /** The latest daily usage the API reported. */
  usage: ApiUsage | undefined;
  /** The server's clock (its latest Date header), in epoch ms. */
  serverTime: number | undefined;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly session: CrmSession,
    private readonly rules: VendorRules,
    private readonly options: HttpOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? sleepFor;
  }

  /** The vendor's name, for messages. */
  get label(): string {
    return VENDOR_LABEL[this.session.vendor];
  }

  /**
   * Sends a request and returns a 2xx answer (207 included). Throws a CrmApiError for other
   * 4xx answers, and an IcpError when retries run out, the token is refused or the daily
   * limit is spent.
   */
  async request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<CrmResponse<T>> {
    const state: Attempts = {
      method,
      where: path.split('?')[0]!,
      failures: 0,
      rateLimited: 0,
      renewed: false,
    };
    for (;;) {
      // Outside the try: a session that cannot produce a token is not a network failure.
      const headers = await this.headers(options);
      let res: CrmResponse<unknown>;
      try {
        res = await this.exchange(method, path, options, headers);
      } catch (error) {
        await this.afterNoAnswer(state, error);
        continue;
      }
      if (res.status < 300) return res as CrmResponse<T>;
      await this.afterRefusal(state, res);
    }
  }

  /** One request and its answer, read whole (the timeout covers both). */
  private async exchange(
    method: string,
    path: string,
    options: RequestOptions,
    headers: Record<string, string>,
  ): Promise<CrmResponse<unknown>> {
    this.calls++;
    const res = await fetch(this.url(path, options.query), {
      method,
      headers,
      ...(options.json !== undefined
        ? { body: JSON.stringify(options.json) }
        : options.form
          ? { body: new URLSearchParams(options.form).toString() }
          : {}),
      signal: AbortSignal.timeout(this.policy.timeoutMs),
    });
    const body = parseBody(await res.text(), res.headers.get('content-type'));
    this.usage = this.rules.usage(res.headers) ?? this.usage;
    const date = Date.parse(res.headers.get('date') ?? '');
    if (!Number.isNaN(date)) this.serverTime = date;
    return { status: res.status, headers: res.headers, body };
  }

  /** A timeout or a dropped connection: back off and retry, or give up. */
  private async afterNoAnswer(state: Attempts, error: unknown): Promise<void> {
    const { method, where } = state;
    const reason = isTimeout(error) ? 'timeout' : 'connection';
    if (state.failures >= this.policy.retries)
      throw new IcpError(
        'SOURCE',
        this.clean(
          `${this.label} did not answer ${method} ${where} (${reason === 'timeout' ? `no answer within ${this.policy.timeoutMs / 1000} s` : describeNetworkError(error)}) after ${state.failures + 1} tries. Check the network, or try again later.`,
        ),
        { cause: error },
      );
    const waitMs = this.backoff(state.failures);
    await this.wait({
      method,
      path: where,
      reason,
      waitMs,
      retryAfter: false,
      attempt: ++state.failures,
    });
  }

  /** A non-2xx answer: returns to retry, or throws what the caller must know. */
  private async afterRefusal(state: Attempts, res: CrmResponse<unknown>): Promise<void> {
    const { method, where } = state;
    const { status, body, headers } = res;
    const api = this.rules.describe(body);
    const said = `HTTP ${status} ${api.code} ("${api.message}")`;
    if (status === 401) {
      if (!state.renewed && (await this.session.renew())) {
        state.renewed = true;
        return;
      }
      throw this.session.refused(this.clean(`HTTP 401 ${api.code}: "${api.message}"`));
    }
    if (this.rules.dailyLimit(status, body)) {
      const u = this.usage;
      const used = u
        ? ` (${u.used.toLocaleString('en-US')} of ${u.limit.toLocaleString('en-US')} calls)`
        : '';
      throw new IcpError(
        'SOURCE',
        this.clean(
          `${this.label}'s daily API limit is spent${used}: it answered ${method} ${where} with ${said}. Run the command again when the limit resets (HubSpot: midnight in the account's time zone; Salesforce: a rolling 24 hours).`,
        ),
      );
    }
    if (status === 429) {
      const retryAfter = parseRetryAfter(headers.get('retry-after'), Date.now());
      const waitMs = retryAfter ?? this.backoff(state.rateLimited);
      if (state.rateLimited >= this.policy.rateLimitRetries || waitMs > this.policy.maxWaitMs)
        throw new IcpError(
          'SOURCE',
          this.clean(
            `${this.label} kept refusing ${method} ${where} for its rate limit (${said}, ${state.rateLimited + 1} times${retryAfter === undefined ? '' : `, Retry-After ${Math.ceil(retryAfter / 1000)} s`}). Run the command again later.`,
          ),
        );
      const attempt = ++state.rateLimited;
      await this.wait({
        method,
        path: where,
        reason: 'rate limit',
        status,
        waitMs,
        retryAfter: retryAfter !== undefined,
        attempt,
      });
      return;
    }
    if (status >= 500) {
      if (state.failures >= this.policy.retries)
        throw new IcpError(
          'SOURCE',
          this.clean(
            `${this.label} answered ${method} ${where} with ${said} ${state.failures + 1} times. It is failing on its side; try again later.`,
          ),
        );
      const waitMs = this.backoff(state.failures);
      await this.wait({
        method,
        path: where,
        reason: 'server error',
        status,
        waitMs,
        retryAfter: false,
        attempt: ++state.failures,
      });
      return;
    }
    throw new CrmApiError(
      status,
      api.code,
      this.clean(api.message),
      body,
      this.clean(`${this.label} refused ${method} ${where}: ${said}.`),
    );
  }

  /** Removes every secret of the session from a message. */
  clean(text: string): string {
    return redact(text, this.session.secrets());
  }

  private url(path: string, query: RequestOptions['query']): string {
    const base = /^https?:\/\//.test(path)
      ? path
      : `${this.session.baseUrl().replace(/\/$/, '')}${path}`;
    if (!query) return base;
    return `${base}${base.includes('?') ? '&' : '?'}${new URLSearchParams(query).toString()}`;
  }

  private async headers(options: RequestOptions): Promise<Record<string, string>> {
    return {
      accept: 'application/json',
      ...(options.anonymous ? {} : { authorization: await this.session.authorization() }),
      ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...options.headers,
    };
  }

  private backoff(attempt: number): number {
    return Math.min(this.policy.backoffMs * 2 ** attempt, 60_000);
  }

  private async wait(event: WaitEvent): Promise<void> {
    this.options.onWait?.(event);
    await this.sleep(event.waitMs);
  }
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
