import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIcp } from '../../data/icp/icp-file.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { discover } from '../discover/discover-config.js';
import { type VerifyResult, verify } from './verify.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-verify-'));
const config = () => join(dir, 'world', 'icp.config.yaml');
const today = { today: WORLD_TODAY };
let result: VerifyResult;

function handIcp(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `name: Sales team ICP\ncriteria:\n${lines.map((l) => `  - ${l}\n`).join('')}`,
  );
  return path;
}

beforeAll(async () => {
  await generateWorld({ accounts: 5000, seed: 1, out: join(dir, 'world') });
  await writeIcp(join(dir, 'icp.json'), await discover(config(), today));
  const mine = handIcp('mine.yaml', [
    'industry in [Fintech, Retail]',
    'employees between 10 and 2000',
  ]);
  result = await verify(config(), mine, { ...today, against: join(dir, 'icp.json') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verify a hand-written ICP on the sample world', () => {
  it('counts coverage, precision and recall that add up', () => {
    const [inside, rest] = result.mine.groups;
    expect(inside!.accounts + rest!.accounts).toBe(5011);
    expect(inside!.eligible + rest!.eligible).toBe(2808);
    const positives = inside!.positive!.k + rest!.positive!.k;
    expect(positives).toBe(363);
    expect(result.mine.precision).toEqual(inside!.positive);
    expect(result.mine.recall!.k).toBe(inside!.positive!.k);
    expect(result.mine.recall!.n).toBe(363);
    expect(result.mine.lift).toBeCloseTo(inside!.positive!.rate / (363 / 2808), 12);
  });

  it('shows the trap value (Retail) hurting and Fintech helping', () => {
    const byValue = (v: string) => result.contributions.find((c) => c.value === v)!;
    expect(byValue('Retail').effect).toBe('hurts');
    expect(byValue('Retail').evidence).toMatch(
      /^Industry = Retail: \d+% \(\d+%-\d+%, n=\d+\) ideal against \d+% \(\d+%-\d+%\) for the rest of the ICP; \d+% of its customers churned or cost more than they paid, against \d+%$/,
    );
    expect(byValue('Fintech').effect).toBe('helps');
  });

  it('puts the discovered ICP beside it: tiers A-B catch more of the ideal customers', () => {
    expect(result.discovered!.tierSource.method).toBe('cross-fitted');
    expect(result.discovered!.recall!.rate).toBeGreaterThan(result.mine.recall!.rate);
    expect(result.discovered!.lift!).toBeGreaterThan(result.mine.lift!);
  });

  it('names the closest attribute or value when a criterion is mistyped', async () => {
    await expect(
      verify(config(), handIcp('a.yaml', ['industri in [Fintech]']), today),
    ).rejects.toThrow(
      /criteria\[0\] "industri in \[Fintech\]": no attribute "industri" in the data\. Did you mean "Industry"\?/,
    );
    await expect(
      verify(config(), handIcp('b.yaml', ['Industry in [Fintek]']), today),
    ).rejects.toThrow(
      /criteria\[0\] "Industry in \[Fintek\]": Industry is never "Fintek" in the data\. Did you mean "Fintech"\?/,
    );
  });
});
