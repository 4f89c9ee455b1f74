import { IcpError } from '../core/errors/icp-error.js';
import { checkAttributeMap } from '../core/icp/attribute-map.js';
import type { IcpDefinition } from '../core/icp/definition.js';

/** What a POST /v1/score body asks for: one record, or a batch. */
export type ScoreRequest =
  | { readonly kind: 'one'; readonly record: Record<string, unknown> }
  | { readonly kind: 'batch'; readonly records: readonly Record<string, unknown>[] };

const EXAMPLE = '{ "Industry": "Fintech", "Employees": 450 }';

/**
 * Checks the shape of a parsed POST /v1/score body: an object is one record, unless it has a
 * `records` field, which must then be its only field and a list of objects (at most
 * `maxBatch`). Shape errors are USAGE (400) and name the field; a value inside a record that
 * is a list or an object is DATA (422).
 *
 * @example parseScoreBody({ records: [{ Industry: 'Fintech' }] }, 1000) // => { kind: 'batch', records: [...] }
 */
export function parseScoreBody(body: unknown, maxBatch: number): ScoreRequest {
  if (!isObject(body)) {
    throw new IcpError(
      'USAGE',
      `the body is ${describe(body)}, not an object. Send one record as an object, e.g. ${EXAMPLE}, or a batch as { "records": [ ... ] }.`,
    );
  }
  if (!Object.hasOwn(body, 'records'))
    return { kind: 'one', record: checkRecord(body, 'the body') };
  const records = body.records;
  if (!Array.isArray(records)) {
    throw new IcpError(
      'USAGE',
      `"records" is ${describe(records)}; it must be a list of records, e.g. { "records": [ ${EXAMPLE} ] }.`,
    );
  }
  const others = Object.keys(body).filter((k) => k !== 'records');
  if (others.length > 0) {
    throw new IcpError(
      'USAGE',
      `a batch body has only "records", but this one also has ${others
        .slice(0, 5)
        .map((k) => JSON.stringify(k.slice(0, 50)))
        .join(', ')}${others.length > 5 ? ' and more' : ''}. Move those fields into each record.`,
    );
  }
  if (records.length > maxBatch) {
    throw new IcpError(
      'LIMIT',
      `${records.length.toLocaleString('en-US')} records in one request; the most is ${maxBatch.toLocaleString('en-US')}. Split the batch.`,
    );
  }
  return { kind: 'batch', records: records.map((r, i) => checkRecord(r, `records[${i}]`)) };
}

/**
 * The body without its optional "map" (scorecard attribute -> the record's field name, as
 * `icp score --map`), and the map checked against the ICP. A "map" that is not an object of
 * strings is a request error; a record never holds an object, so the key is unambiguous.
 */
export function splitMap(
  icp: IcpDefinition,
  body: unknown,
): { map: Record<string, string>; rest: unknown } {
  if (!isObject(body) || !isObject(body.map)) return { map: {}, rest: body };
  const { map, ...rest } = body;
  for (const [k, v] of Object.entries(map))
    if (typeof v !== 'string')
      throw new IcpError(
        'USAGE',
        `map, ${JSON.stringify(k.slice(0, 100))}: ${describe(v)} is not a field name. Send "map": { "Employees": "employee_count" }.`,
      );
  return { map: checkAttributeMap(icp, map as Record<string, string>), rest };
}

/** A record is a flat object of strings, numbers, booleans and nulls. */
function checkRecord(v: unknown, where: string): Record<string, unknown> {
  if (!isObject(v)) {
    throw new IcpError(
      'USAGE',
      `${where} is ${describe(v)}; a record must be an object of attribute values, e.g. ${EXAMPLE}.`,
    );
  }
  for (const [k, value] of Object.entries(v)) {
    if (value !== null && typeof value === 'object') {
      throw new IcpError(
        'DATA',
        `${where}, field ${JSON.stringify(k.slice(0, 100))}: a nested ${Array.isArray(value) ? 'list' : 'object'} is not an attribute value. Send a string, number, boolean or null.`,
      );
    }
  }
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value's kind, as a message names it. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return 'an object';
}
