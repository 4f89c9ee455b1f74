import type { EmuResponse } from './emulator-server.js';
import { type Assoc, type HsProperty, iso } from './hubspot-fixture.js';
import { hubspotError } from './hubspot-responses.js';

/**
 * The bodies of HubSpot's batch endpoints, as its API reference shows them: the v4
 * associations batch read and the v3 objects batch update, each a 200, or a 207 multi-status
 * naming what it could not do.
 */

export type AssociationBody = { inputs: { id: string; after?: string }[] };
export type BatchBody = { inputs: { id: string; properties: Record<string, string> }[] };

/** A 200 / 207 batch answer: `status: COMPLETE`, the results, and the errors when any. */
function batchAnswer(results: unknown[], errors: unknown[]): EmuResponse {
  const t = iso(Date.now());
  return {
    status: errors.length > 0 ? 207 : 200,
    body: {
      status: 'COMPLETE',
      results,
      ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
      startedAt: t,
      completedAt: t,
    },
  };
}

/**
 * POST /crm/v4/associations/{from}/{to}/batch/read: each input's associations, `page` at a
 * time (paged by `after`); an input without any is an error of the 207.
 */
export function associationsRead(
  map: Map<number, Assoc[]>,
  page: number,
  from: string,
  to: string,
  body: AssociationBody,
): EmuResponse {
  const results = [];
  const errors = [];
  for (const input of body.inputs) {
    const list = map.get(Number(input.id)) ?? [];
    if (list.length === 0) {
      errors.push({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        message: `No ${to} is associated with ${from.replace(/s$/, '')} ${input.id}.`,
        context: { fromObjectId: [input.id] },
      });
      continue;
    }
    const start = Number(input.after ?? 0);
    const slice = list.slice(start, start + page);
    results.push({
      from: { id: input.id },
      to: slice.map((a) => ({ toObjectId: a.toId, associationTypes: a.types })),
      ...(start + page < list.length
        ? { paging: { next: { after: String(start + page), link: null } } }
        : {}),
    });
  }
  return batchAnswer(results, errors);
}

/**
 * The 400 HubSpot gives a whole batch update when one value names an unknown property or is
 * not a number for a number property; undefined when every value is valid.
 */
export function invalidBatch(
  properties: readonly HsProperty[],
  body: BatchBody,
): EmuResponse | undefined {
  if (body.inputs.length > 100)
    return hubspotError(400, 'VALIDATION_ERROR', 'Batch input cannot exceed 100 items.');
  const known = new Map(properties.map((p) => [p.name, p]));
  const invalid = [];
  for (const input of body.inputs)
    for (const [name, value] of Object.entries(input.properties)) {
      const p = known.get(name);
      if (!p)
        invalid.push({
          isValid: false,
          message: `Property "${name}" does not exist`,
          error: 'PROPERTY_DOESNT_EXIST',
          name,
        });
      else if (p.type === 'number' && value !== '' && !Number.isFinite(Number(value)))
        invalid.push({
          isValid: false,
          message: `${value} was not a valid number.`,
          error: 'INVALID_FLOAT',
          name,
        });
    }
  if (invalid.length === 0) return undefined;
  return hubspotError(
    400,
    'VALIDATION_ERROR',
    `Property values were not valid: ${JSON.stringify(invalid.slice(0, 1))}`,
  );
}

/** The batch update's answer: the records updated, and a 207 error naming the ids it could not find. */
export function batchUpdated(results: unknown[], missing: readonly string[]): EmuResponse {
  return batchAnswer(
    results,
    missing.length > 0
      ? [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message:
              'Could not get some COMPANY objects, they may be deleted or not exist. Check that ids are valid.',
            context: { ids: missing },
          },
        ]
      : [],
  );
}
