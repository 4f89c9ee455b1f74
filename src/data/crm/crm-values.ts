import { IcpError } from '../../core/errors/icp-error.js';

/**
 * Values as the CRM APIs send them, turned into what the canonical files hold. HubSpot sends
 * every property as a string ("250", "2024-03-01T10:00:00.000Z", or epoch milliseconds for
 * some date properties); Salesforce sends JSON numbers and "2024-03-01T10:00:00.000+0000".
 * A value the CRM's own type promises but that does not parse is an error naming the record.
 */

/** Epoch milliseconds of an API date or date-time; null when empty. */
export function toEpochMs(value: unknown, where: () => string): number | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value).trim();
  if (/^\d{10,}$/.test(text)) return Number(text);
  // Salesforce writes the offset without a colon (+0000), which Date.parse does not take.
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = /^\d{4}-\d{2}-\d{2}/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms))
    throw new IcpError(
      'DATA',
      `${where()}: "${text}" is not a date. Correct it in the CRM, or leave the field out.`,
    );
  return ms;
}

/** `YYYY-MM-DD` (UTC) of an API date or date-time; a plain date stays as it is. */
export function toDate(value: unknown, where: () => string): string | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    toEpochMs(value, where);
    return value.trim();
  }
  const ms = toEpochMs(value, where);
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` (UTC), as DuckDB reads a TIMESTAMP. */
export function toTimestamp(value: unknown, where: () => string): string | null {
  const ms = toEpochMs(value, where);
  return ms === null ? null : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** A number; null when empty. `whole` rounds (employee counts). */
export function toNumber(value: unknown, where: () => string, whole = false): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n))
    throw new IcpError(
      'DATA',
      `${where()}: "${String(value)}" is not a number. Correct it in the CRM, or leave the field out.`,
    );
  return whole ? Math.round(n) : n;
}

/** Text, trimmed; null when empty. */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const t = String(value).trim();
  return t === '' ? null : t;
}
