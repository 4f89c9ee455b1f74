import { TIERS } from '../core/icp/tiers.js';
/** The OpenAPI 3.1 document of the scoring API, served at GET /openapi.json. */
export function openApiDocument(limits: {
  maxBatch: number;
  maxBodyBytes: number;
}): Record<string, unknown> {
  const error = { $ref: '#/components/schemas/Error' };
  const errors = {
    '400': {
      description:
        'Not JSON, a body of the wrong shape (the message names the field), or a map naming an attribute the ICP does not read (code USAGE)',
      content: { 'application/json': { schema: error } },
    },
    '401': {
      description: 'Missing or wrong API key (code AUTH)',
      content: { 'application/json': { schema: error } },
    },
    '413': {
      description: `Body over ${limits.maxBodyBytes} bytes or batch over ${limits.maxBatch} records (code LIMIT)`,
      content: { 'application/json': { schema: error } },
    },
    '421': {
      description:
        'The Host is not one the server answers (loopback, its --host, --allowed-host); code USAGE',
      content: { 'application/json': { schema: error } },
    },
    '422': {
      description: 'A record with a list or an object as a value (code DATA)',
      content: { 'application/json': { schema: error } },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'ICP Engine scoring API', version: '1' },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Required when the server was started with ICP_API_KEY',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
        Record: {
          type: 'object',
          additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
          description: 'Attribute values by name (names matched ignoring case and punctuation)',
        },
        Score: {
          type: 'object',
          properties: {
            score: {
              type: 'number',
              minimum: 0,
              maximum: 100,
              description: 'Points, rounded half up to one decimal; the tier is decided on it',
            },
            probability: { type: 'number', description: 'Rounded to four decimals' },
            tier: {
              enum: [...TIERS],
              description:
                'unknown: coverage below the minimum (unknownReason says what is missing)',
            },
            coverage: {
              type: 'number',
              minimum: 0,
              maximum: 1,
              description: "Share of the scorecard's weight the record has values for",
            },
            reasons: {
              type: 'array',
              items: { $ref: '#/components/schemas/Reason' },
              description: 'Every attribute, in scorecard order',
            },
            topPositive: { type: 'array', items: { $ref: '#/components/schemas/Reason' } },
            topNegative: { type: 'array', items: { $ref: '#/components/schemas/Reason' } },
            reasonText: {
              type: 'string',
              description: 'The same text as the icp_reasons column of icp score and icp sql',
            },
            unknownReason: { type: 'string' },
            disqualified: { type: 'boolean' },
            rulesHit: { type: 'array', items: { type: 'string' } },
            nearMiss: { type: 'string' },
            missing: { type: 'array', items: { type: 'string' } },
            warnings: {
              type: 'array',
              description: 'Values given but unreadable: the attribute was scored as missing',
              items: {
                type: 'object',
                required: ['field', 'attribute', 'value', 'message'],
                properties: {
                  field: { type: 'string' },
                  attribute: { type: 'string' },
                  value: { type: ['string', 'number', 'boolean'] },
                  message: { type: 'string' },
                },
              },
            },
          },
        },
        Reason: {
          type: 'object',
          properties: {
            attribute: { type: 'string' },
            value: { type: 'string' },
            bin: { type: 'string' },
            points: { type: 'number' },
            versusAverage: { type: 'number' },
            text: { type: 'string' },
          },
        },
        Map: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description:
            'Scorecard attribute -> the field of the record holding it, e.g. { "Employees": "employee_count" }',
        },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/healthz': {
        get: {
          security: [],
          responses: { '200': { description: 'The server is up; names the ICP it serves' } },
        },
      },
      '/v1/icp': {
        get: {
          responses: {
            '200': { description: 'The ICP definition (docs/icp.schema.json)' },
            ...errors,
          },
        },
      },
      '/v1/score': {
        post: {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    {
                      $ref: '#/components/schemas/Record',
                      description: 'One record; a "map" object among its fields is the Map',
                    },
                    {
                      type: 'object',
                      required: ['records'],
                      additionalProperties: false,
                      properties: {
                        records: {
                          type: 'array',
                          maxItems: limits.maxBatch,
                          items: { $ref: '#/components/schemas/Record' },
                        },
                        map: { $ref: '#/components/schemas/Map' },
                      },
                    },
                  ],
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'One score, or { results: [...] } for a batch',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Score' } } },
            },
            ...errors,
          },
        },
      },
    },
  };
}
