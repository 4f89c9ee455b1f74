import { join } from 'node:path';
import type { IcpDefinition } from '../../src/core/icp/definition.js';
import { discover } from '../../src/pipeline/discover/discover-config.js';
import { generateWorld } from '../../src/sample/generate-world.js';
import { WORLD_TODAY } from '../../src/sample/planted-truth.js';

/** The ICP the scoring API tests serve: discovered on a sample world of 3,000 accounts (seed 4) written into `dir`. */
export async function servedIcp(dir: string): Promise<IcpDefinition> {
  await generateWorld({ accounts: 3000, seed: 4, out: dir });
  return discover(join(dir, 'icp.config.yaml'), { today: WORLD_TODAY });
}

/** A lead as a client sends it: attribute names as headers, numbers as text or numbers. */
export const LEAD = {
  Industry: 'Fintech',
  Employees: 450,
  'Annual Revenue': '60,000,000',
  Region: 'Europe',
  'Funding Stage': 'Series B',
};

/** A JSON POST for `app.request()` or `fetch()`. */
export const jsonPost = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
