import {
  linkSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { IcpDefinition } from '../../src/core/icp/definition.js';
import { Database } from '../../src/data/db/database.js';
import { writeIcp } from '../../src/data/icp/icp-file.js';
import { discoverGeneric } from '../../src/pipeline/discover/discover-generic.js';
import { generateWorld } from '../../src/sample/generate-world.js';

/**
 * The inputs the hostile cases run against, built once in `dir`: a small sample world with its
 * config, a leads file and the ICP discovered from it, and one file for each kind of bad input
 * (each bad source also has a config `cfg-<name>.yaml` naming it as the accounts).
 */
export async function buildFixtures(dir: string): Promise<void> {
  await generateWorld({ accounts: 300, seed: 1, out: join(dir, 'world') });
  writeFileSync(join(dir, 'leads.csv'), leads(400, 1));
  writeFileSync(join(dir, 'noise.csv'), noise(200));
  writeFileSync(join(dir, 'nul-leads.csv'), leads(400, 1).replaceAll('Retail', 'Re\0tail'));
  const icp = await discoverGeneric({
    data: join(dir, 'leads.csv'),
    target: 'won',
    positive: 'yes',
    id: 'id',
  });
  await writeIcp(join(dir, 'icp.json'), icp);
  await writeIcp(
    join(dir, 'no-scorecard.json'),
    await discoverGeneric({ data: join(dir, 'noise.csv'), target: 'won', positive: 'yes' }),
  );
  writeIcps(dir, icp);
  await writeSources(dir);
  writeYamls(dir);
  for (const name of SOURCE_FIXTURES)
    writeFileSync(join(dir, `cfg-${name}.yaml`), `sources:\n  accounts:\n    path: ${name}\n`);
  writeFileSync(
    join(dir, 'cfg-escape.yaml'),
    'sources:\n  accounts:\n    path: "acc\\e[31mounts.csv"\n',
  );
  mkdirSync(join(dir, 'a-folder'));
  writeFileSync(join(dir, 'a-file'), 'not a folder\n');
  mkdirSync(join(dir, 'empty-folder'));
  symlinkSync('world/accounts.csv', join(dir, 'link-to-accounts.csv'));
  linkSync(join(dir, 'world/deals.csv'), join(dir, 'hard-link-to-deals.csv'));
  writeFileSync(
    join(dir, 'mine.yaml'),
    'name: Mid-market SaaS\ncriteria:\n  - Industry in [SaaS]\n',
  );
  mkdirSync(join(dir, 'init-link'));
  writeFileSync(join(dir, 'init-link/accounts.csv'), readFileSync(join(dir, 'world/accounts.csv')));
  symlinkSync('accounts.csv', join(dir, 'init-link/icp.config.yaml'));
  mkdirSync(join(dir, 'out'));
}

/** Source files of the bad kinds, by the name the configs use. */
export const SOURCE_FIXTURES = [
  'gzipped.csv',
  'binary.csv',
  'utf16.csv',
  'parquet-named.csv',
  'text-named.parquet',
  'deep.json',
  'nul-escape.json',
  'wide.csv',
  'long-line.csv',
  'open-quote.csv',
  'duplicate-header.csv',
  'nul-bytes.csv',
  'empty.csv',
  'header-only.csv',
  'no-extension',
  'footer.csv',
] as const;

/** Rows with a yes/no outcome driven by industry and size, so the ICP has a scorecard. */
function leads(n: number, seed: number): string {
  const rand = lcg(seed);
  const rows = ['id,industry,employees,country,won'];
  for (let i = 0; i < n; i++) {
    const industry = ['SaaS', 'Retail', 'Fintech'][Math.floor(rand() * 3)] as string;
    const employees = Math.floor(10 + rand() * 2000);
    const p = (industry === 'SaaS' ? 0.5 : 0.15) + (employees > 1000 ? 0.3 : 0);
    const country = ['US', 'UK', 'DE'][Math.floor(rand() * 3)];
    rows.push(`L${i},${industry},${employees},${country},${rand() < p ? 'yes' : 'no'}`);
  }
  return `${rows.join('\n')}\n`;
}

/** An outcome unrelated to the one attribute: discovery finds no profile. */
function noise(n: number): string {
  const rand = lcg(7);
  const rows = ['x,won'];
  for (let i = 0; i < n; i++) rows.push(`${Math.floor(rand() * 3)},${rand() < 0.5 ? 'yes' : 'no'}`);
  return `${rows.join('\n')}\n`;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Hand edits of the ICP that must be refused on read. */
function writeIcps(dir: string, icp: IcpDefinition): void {
  const edit = (name: string, change: (copy: IcpDefinition) => void) => {
    const copy = structuredClone(icp);
    change(copy);
    writeFileSync(join(dir, name), `${JSON.stringify(copy, null, 2)}\n`);
  };
  edit('tiers-out-of-order.json', (c) => {
    if (c.tiers) c.tiers = { A: c.tiers.C, B: c.tiers.B, C: c.tiers.A };
  });
  edit('bin-backwards.json', (c) => {
    const bins = c.scorecard?.attributes.find((a) => a.kind === 'numeric')?.bins ?? [];
    const range = bins.find(
      (b) => b.bin.kind === 'range' && b.bin.lo !== null && b.bin.hi !== null,
    );
    if (range?.bin.kind === 'range')
      range.bin = { ...range.bin, lo: range.bin.hi, hi: range.bin.lo };
  });
  edit('nul-category.json', (c) => {
    const bin = c.scorecard?.attributes
      .flatMap((a) => a.bins)
      .find((b) => b.bin.kind === 'categories');
    if (bin?.bin.kind === 'categories') bin.bin.values = ['re\u0000tail'];
  });
  writeFileSync(join(dir, 'deep-icp.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  writeFileSync(join(dir, 'not-json.json'), 'format: icp-engine/icp@1\n');
  writeFileSync(join(dir, 'huge-icp.json'), '');
  truncateSync(join(dir, 'huge-icp.json'), 65 * 1024 * 1024);
}

async function writeSources(dir: string): Promise<void> {
  const accounts = readFileSync(join(dir, 'world/accounts.csv'));
  const put = (name: string, content: string | Uint8Array) =>
    writeFileSync(join(dir, name), content);
  put('gzipped.csv', gzipSync(accounts));
  put('binary.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)));
  put('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n', 'utf16le')]));
  put('text-named.parquet', accounts);
  put('deep.json', `[{"id":1,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`);
  put('nul-escape.json', '[{"Account ID":"A1","Industry":"Re\\u0000tail"}]\n');
  put('wide.csv', `Account ID,${Array.from({ length: 2000 }, (_, i) => `c${i}`).join(',')}\nA1\n`);
  put('long-line.csv', `Account ID,Notes\nA1,short\nA2,${'x'.repeat(3 * 1024 * 1024)}\nA3,x\n`);
  put('open-quote.csv', 'Account ID,Industry\nA1,SaaS\nA2,"Retail\nA3,Fintech\n');
  put(
    'footer.csv',
    'Account ID,Industry\nA1,SaaS\n\n"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\n"Generated By: Jane Roe"\n',
  );
  put('short-open-quote.csv', 'Industry,Employees\n"Fintech,12\n');
  put('duplicate-header.csv', 'Account ID,Industry,industry\nA1,SaaS,Retail\nA2,Retail,SaaS\n');
  put('nul-bytes.csv', 'Account ID,Industry\nA1,SaaS\nA2,Re\0tail\n');
  put('empty.csv', '');
  put('header-only.csv', 'Account ID,Industry\n');
  put('no-extension', accounts);
  const db = await Database.open();
  try {
    await db.run(
      `COPY (SELECT 'A1' AS "Account ID") TO '${join(dir, 'parquet-named.csv').replaceAll("'", "''")}' (FORMAT parquet)`,
    );
  } finally {
    db.close();
  }
}

/** Hostile configs: an alias bomb, too big, duplicate keys, too deep, 40,000 keys, binary. */
function writeYamls(dir: string): void {
  const put = (name: string, content: string | Uint8Array) =>
    writeFileSync(join(dir, name), content);
  let bomb = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  let previous = 'a';
  for (const name of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) {
    bomb += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
    previous = name;
  }
  put('alias-bomb.yaml', `${bomb}sources:\n  accounts:\n    path: world/accounts.csv\n`);
  put(
    'too-big.yaml',
    `sources:\n  accounts:\n    path: world/accounts.csv\n# ${'x'.repeat(1_100_000)}\n`,
  );
  put(
    'duplicate-keys.yaml',
    'sources:\n  accounts:\n    path: world/accounts.csv\n  accounts:\n    path: world/deals.csv\n',
  );
  put('deep.yaml', `sources: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
  put(
    'keys-40k.yaml',
    `sources:\n  accounts:\n    path: world/accounts.csv\n${Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`,
  );
  put('binary.yaml', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 13) % 256)));
}
