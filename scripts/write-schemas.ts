/** Writes the JSON Schemas of the ICP file and the config into docs/. Run: npm run schemas */
import { writeFileSync } from 'node:fs';
import { icpSchemaJson, configSchemaJson } from '../src/core/icp/json-schema.js';

writeFileSync('docs/icp.schema.json', icpSchemaJson());
writeFileSync('docs/config.schema.json', configSchemaJson());
console.log('wrote docs/icp.schema.json and docs/config.schema.json');
