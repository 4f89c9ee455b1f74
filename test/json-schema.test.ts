import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchemaJson, icpSchemaJson } from '../src/core/icp/json-schema.js';

describe('committed JSON Schemas', () => {
  it('docs/icp.schema.json and docs/config.schema.json match the code (run npm run schemas after a change)', () => {
    expect(readFileSync('docs/icp.schema.json', 'utf8')).toBe(icpSchemaJson());
    expect(readFileSync('docs/config.schema.json', 'utf8')).toBe(configSchemaJson());
  });
});
