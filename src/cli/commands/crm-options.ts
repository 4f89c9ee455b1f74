import { Argument, Option } from 'commander';
import { formatCount } from '../../core/issues/data-issue.js';
import type { ApiUsage } from '../../data/crm/crm-session.js';
import { CRM_VENDORS, type CrmVendor, VENDOR_LABEL } from '../../data/crm/crm-vendor.js';
import type { WaitEvent } from '../../data/crm/retry-policy.js';
import type { CliIo } from '../io.js';
import { createProgress, type Progress } from '../progress.js';

/** What `icp pull`, `push` and `sync` share: the CRM argument, credentials, logs of waits. */

export function crmArgument(): Argument {
  return new Argument('<crm>', 'the CRM: hubspot or salesforce').choices(CRM_VENDORS);
}

export function credentialsOption(): Option {
  return new Option(
    '--credentials <file>',
    'a file of NAME=value lines (HUBSPOT_TOKEN, SF_ACCESS_TOKEN, ...) read instead of the environment; see docs/crm.md',
  );
}

export function fieldsOption(): Option {
  return new Option(
    '--fields <list>',
    'extra company / Account fields to read as attributes, comma-separated, by internal / API name',
  );
}

/** Splits a comma-separated option. */
export function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One stderr line per wait (a 429, a 5xx, a timeout): cron logs say why a run paused. */
export function reportWaits(io: CliIo, vendor: CrmVendor): (e: WaitEvent) => void {
  return (e) => {
    const what =
      e.reason === 'rate limit'
        ? `HTTP 429 (rate limit)`
        : e.reason === 'server error'
          ? `HTTP ${e.status}`
          : e.reason === 'timeout'
            ? 'no answer in time'
            : 'the connection failed';
    const wait =
      e.waitMs >= 1000
        ? `${(e.waitMs / 1000).toFixed(e.waitMs % 1000 === 0 ? 0 : 1)} s`
        : `${e.waitMs} ms`;
    io.stderr(
      `${VENDOR_LABEL[vendor]}: ${what} on ${e.method} ${e.path}; retry ${e.attempt} in ${wait}${e.retryAfter ? ' (as its Retry-After asks)' : ''}.\n`,
    );
  };
}

/** A progress bar per object, with counts, on a terminal. */
export function objectProgress(io: CliIo): {
  update: (object: string, done: number, total: number | undefined) => void;
  stop: () => void;
} {
  let current: string | undefined;
  let bar: Progress | undefined;
  return {
    update(object, done, total) {
      if (object !== current) {
        bar?.stop();
        current = object;
        bar = createProgress(io, object.padEnd(22));
      }
      bar?.update(done, Math.max(total ?? done, done));
    },
    stop: () => bar?.stop(),
  };
}

/** "1,234 API calls (HubSpot daily usage 1,234 of 500,000)". */
export function callsLine(vendor: CrmVendor, calls: number, usage: ApiUsage | undefined): string {
  return `${formatCount(calls)} API call${calls === 1 ? '' : 's'}${usage ? ` (${VENDOR_LABEL[vendor]} daily usage ${formatCount(usage.used)} of ${formatCount(usage.limit)})` : ''}`;
}
