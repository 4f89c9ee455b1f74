import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIcp } from '../../src/data/icp/icp-file.js';
import { discoverGeneric } from '../../src/pipeline/discover/discover-generic.js';

/**
 * Real signals on the built CLI (`npm run build` makes dist/): kill it while it writes, then
 * look at what it left. No timing is asserted; the polling deadlines are generous.
 */
const CLI = resolve('dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'icp-signals-'));
/** The children's own temp folder, so other runs on this machine cannot interfere. */
const tmp = join(dir, 'tmp');
const env = { ...process.env, TMPDIR: tmp };
const ROWS = 1_500_000;

beforeAll(async () => {
  mkdirSync(tmp);
  // Enough rows that the scoring pass is still writing when the signal comes; one byte that
  // is not UTF-8 makes the loader read through a normalised copy in $TMPDIR.
  const fd = openSync(join(dir, 'big.csv'), 'w');
  writeSync(
    fd,
    Buffer.from([...Buffer.from('id,industry,employees\n0,Caf'), 0xe9, 0x2c, 0x31, 0x0a]),
  );
  const industries = ['SaaS', 'Retail', 'Fintech'];
  for (let start = 1; start < ROWS; start += 100_000) {
    let chunk = '';
    for (let i = start; i < Math.min(ROWS, start + 100_000); i++)
      chunk += `${i},${industries[i % 3]},${(i * 37) % 2000}\n`;
    writeSync(fd, chunk);
  }
  closeSync(fd);
  const rows = ['id,industry,employees,won'];
  for (let i = 0; i < 300; i++)
    rows.push(
      `${i},${industries[i % 3]},${(i * 37) % 2000},${i % 3 === 0 || i % 7 === 0 ? 'yes' : 'no'}`,
    );
  writeFileSync(join(dir, 'train.csv'), `${rows.join('\n')}\n`);
  const icp = await discoverGeneric({
    data: join(dir, 'train.csv'),
    target: 'won',
    positive: 'yes',
    id: 'id',
    // Every SaaS row is won here: the leakage check would leave industry out as too perfect.
    keep: ['industry'],
  });
  await writeIcp(join(dir, 'icp.json'), icp);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEMP = /^\.scored\.csv\.\d+-[0-9a-f]+\.tmp$/;

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('an interrupted icp score', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'on %s removes its temp output and temp folder, exit %i',
    async (signal, status) => {
      const out = join(dir, `out-${signal}`);
      mkdirSync(out);
      const child = spawn(
        process.execPath,
        [CLI, 'score', '--icp', 'icp.json', '--data', 'big.csv', '--out', join(out, 'scored.csv')],
        { cwd: dir, env, stdio: 'ignore' },
      );
      await until('the temp output', () => readdirSync(out).some((n) => TEMP.test(n)));
      expect(readdirSync(tmp).filter((n) => n.startsWith('icp-engine-'))).toHaveLength(1);
      child.kill(signal);
      expect(await exitOf(child)).toBe(status);
      const left = readdirSync(out);
      expect(left.filter((n) => n !== 'scored.csv')).toEqual([]);
      // Killed mid-write, nothing is there; killed once the output was whole, it is in place.
      if (left.includes('scored.csv'))
        expect(readFileSync(join(out, 'scored.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(
          ROWS + 1,
        );
      expect(readdirSync(tmp)).toEqual([]);
    },
    180_000,
  );
});

describe('a temp output written whole', () => {
  it('is renamed into place on SIGTERM rather than lost', async () => {
    const target = join(dir, 'finished.json');
    const script = join(dir, 'finish.mjs');
    const module = resolve('dist/data/output/temp-files.js');
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';
import { installSignalCleanup, markComplete, tempPathFor, trackTemp } from ${JSON.stringify(module)};
installSignalCleanup();
const temp = tempPathFor(${JSON.stringify(target)});
trackTemp(temp, ${JSON.stringify(target)});
writeFileSync(temp, '{"done":true}\\n');
markComplete(temp);
console.log('ready');
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    await until('the child to be ready', () => stdout.includes('ready'));
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(143);
    expect(readFileSync(target, 'utf8')).toBe('{"done":true}\n');
    expect(readdirSync(dir).filter((n) => n.startsWith('.finished.json.'))).toEqual([]);
  });
});

describe('a signal during a long statement', () => {
  it('interrupts the statement and ends the process, rather than waiting for it', async () => {
    const script = join(dir, 'long.mjs');
    const temps = resolve('dist/data/output/temp-files.js');
    const database = resolve('dist/data/db/database.js');
    // A statement that would run for days on this machine: the process must end without it.
    writeFileSync(
      script,
      `import { installSignalCleanup } from ${JSON.stringify(temps)};
import { Database } from ${JSON.stringify(database)};
installSignalCleanup();
const db = await Database.open();
const running = db.run('SELECT sum(hash(i)) FROM range(10000000000000) t(i)');
setTimeout(() => console.log('running'), 300);
await running;
console.log('finished');
`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    try {
      await until('the statement to run', () => stdout.includes('running'));
      child.kill('SIGTERM');
      expect(await exitOf(child)).toBe(143);
      expect(stdout).toBe('running\n');
    } finally {
      // Failing, it would run on for days.
      child.kill('SIGKILL');
    }
  });
});

describe('temp files of earlier runs', () => {
  it('are removed on start when their process is gone or nobody wrote them for an hour', () => {
    const out = join(dir, 'out-stale');
    mkdirSync(out);
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const alive = process.pid;
    const hoursAgo = (path: string) => {
      const t = new Date(Date.now() - 2 * 3600_000);
      utimesSync(path, t, t);
    };
    const file = (name: string) => {
      writeFileSync(join(out, name), 'partial');
      return join(out, name);
    };
    file(`.scored.csv.${dead}-deadbeef.tmp`);
    file(`.scored.csv.${dead}.tmp`);
    hoursAgo(file(`.scored.csv.${alive}-cafebabe.tmp`));
    file(`.scored.csv.${alive}-0123abcd.tmp`);
    file(`.other.csv.${dead}-deadbeef.tmp`);
    mkdirSync(join(tmp, `icp-engine-${dead}-abc123`));
    mkdirSync(join(tmp, `icp-engine-${alive}-def456`));
    mkdirSync(join(tmp, 'icp-engine-Old123'));
    hoursAgo(join(tmp, 'icp-engine-Old123'));
    mkdirSync(join(tmp, 'icp-engine-New123'));

    const r = spawnSync(
      process.execPath,
      [CLI, 'score', '--icp', 'icp.json', '--data', 'train.csv', '--out', join(out, 'scored.csv')],
      { cwd: dir, env, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      `.other.csv.${dead}-deadbeef.tmp`,
      `.scored.csv.${alive}-0123abcd.tmp`,
      'scored.csv',
    ]);
    expect(readdirSync(tmp).sort()).toEqual([`icp-engine-${alive}-def456`, 'icp-engine-New123']);
    expect(existsSync(join(out, 'scored.csv'))).toBe(true);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
  });
});
