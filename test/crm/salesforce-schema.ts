import type { EmuResponse } from './emulator-server.js';

/**
 * Salesforce's schema endpoints as the REST API and Tooling API guides show them: an object's
 * describe, and a custom field created through the Tooling API. `objects` holds each object's
 * fields and their describe types.
 */

export type FieldBody = { FullName: string; Metadata: { label: string; type: string } };

/** GET /services/data/vXX.X/sobjects/{object}/describe: the object's fields and their types. */
export function describeObject(
  objects: Record<string, Record<string, string>>,
  object: string,
): EmuResponse {
  const fields = objects[object];
  if (!fields)
    return {
      status: 404,
      body: [{ message: `The requested resource does not exist`, errorCode: 'NOT_FOUND' }],
    };
  return {
    status: 200,
    body: {
      name: object,
      label: object,
      fields: Object.entries(fields).map(([name, type]) => ({
        name,
        label: name.replace(/__c$/, '').replaceAll('_', ' '),
        type,
        custom: name.endsWith('__c'),
        updateable: type !== 'id' && name !== 'SystemModstamp',
      })),
    },
  };
}

/**
 * POST /services/data/vXX.X/tooling/sobjects/CustomField: adds the field to `objects` (so
 * describe and queries see it); 403 without the permission, 400 for a bad or taken name.
 */
export function createField(
  objects: Record<string, Record<string, string>>,
  schemaWrites: boolean,
  body: FieldBody,
): EmuResponse {
  if (!schemaWrites)
    return {
      status: 403,
      body: [
        {
          message: 'insufficient access rights on cross-reference id',
          errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
        },
      ],
    };
  const [object, name] = body.FullName.split('.');
  const fields = objects[object!];
  if (!fields || !name?.endsWith('__c'))
    return {
      status: 400,
      body: [{ message: `Invalid FullName ${body.FullName}`, errorCode: 'INVALID_FIELD' }],
    };
  if (fields[name])
    return {
      status: 400,
      body: [
        { message: `Duplicate developer name ${name}`, errorCode: 'DUPLICATE_DEVELOPER_NAME' },
      ],
    };
  fields[name] =
    { Number: 'double', Text: 'string', LongTextArea: 'textarea' }[body.Metadata.type] ?? 'string';
  return {
    status: 201,
    body: {
      id: `00N5g00000${String(Object.keys(fields).length).padStart(5, '0')}AAA`,
      success: true,
      errors: [],
      warnings: [],
      infos: [],
    },
  };
}
