import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../../pipeline/discover/discover-config.js';
import { readIcp, writeIcp } from './icp-file.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readIcp', () => {
  it('refuses a hand-edited rule that names an unknown attribute, naming the rule and the closest attribute', async () => {
    const icp = await discover('examples/maven-crm/icp.config.yaml', {
      today: '2026-11-23',
      registry: false,
    });
    const file = join(dir, 'edited.json');
    await writeIcp(file, {
      ...icp,
      rules: [{ kind: 'disqualify', when: { attribute: 'Employes', op: '<', value: 10 } }],
    });
    await expect(readIcp(file)).rejects.toThrow(
      `${file}: rules[0] (disqualify) names the attribute "Employes", which this ICP does not know. Did you mean "Employees"?`,
    );
  });

  it('names the path of a schema problem', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ format: 'icp-engine/icp@1' }));
    await expect(readIcp(file)).rejects.toThrow(
      `${file}: does not match the ICP schema (docs/icp.schema.json):\n  id: `,
    );
  });
});
