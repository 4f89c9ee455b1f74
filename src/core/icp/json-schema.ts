import { z } from 'zod';
import { configSchema } from '../config/schema.js';
import { icpDefinitionSchema } from './definition.js';

/** The JSON Schema of icp.json, as committed in docs/icp.schema.json. */
export function icpSchemaJson(): string {
  return `${JSON.stringify(z.toJSONSchema(icpDefinitionSchema), null, 2)}\n`;
}

/** The JSON Schema of icp.config.yaml (for editors), as committed in docs/config.schema.json. */
export function configSchemaJson(): string {
  return `${JSON.stringify(z.toJSONSchema(configSchema, { io: 'input' }), null, 2)}\n`;
}
