import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { parseMemory } from './database-options.js';
import { Database, FILE_SETTINGS } from './database.js';

describe('parseMemory', () => {
  it('reads sizes with decimal and binary units, and shares of the machine', () => {
    expect(parseMemory('2GB')).toBe(2_000_000_000);
    expect(parseMemory('1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(parseMemory('512mb')).toBe(512_000_000);
    expect(parseMemory('25%', 8 * 2 ** 30)).toBe(2 * 2 ** 30);
  });

  it('refuses a size without a unit, an unknown unit, a share over 100% and a tiny limit', () => {
    const fix =
      "Write a number with a unit, e.g. --memory 2GB, 512MB, 1.5GiB, or a share of this machine's memory, e.g. --memory 50%.";
    expect(() => parseMemory('2048')).toThrow(`--memory "2048" is not a memory size. ${fix}`);
    expect(() => parseMemory('2XB')).toThrow(`--memory "2XB" is not a memory size. ${fix}`);
    expect(() => parseMemory('150%')).toThrow(`--memory "150%" is not a memory size. ${fix}`);
    expect(() => parseMemory('10MB')).toThrow(
      '--memory 10MB is below the least DuckDB needs to run (64 MiB). Give at least --memory 64MiB; 1GB or more keeps large files fast.',
    );
  });
});

describe('Database.open with a spill folder', () => {
  it('keeps its tables in a temporary database file under the memory limit and removes it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-db-test-'));
    try {
      const db = await Database.open({ memoryLimit: 64 * 2 ** 20, spillDir: dir });
      const [folder] = readdirSync(dir);
      expect(folder).toMatch(new RegExp(`^\\.icp-engine-${process.pid}-`));
      expect(readdirSync(join(dir, folder!))).toContain('icp.duckdb');
      const setting = await db.one(
        "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t",
      );
      expect(setting).toEqual({ m: '64.0 MiB', t: join(dir, folder!, 'spill') });
      // About 100 MB of hashes under a 64 MiB limit: the table goes to the database file.
      await db.run(
        'CREATE TABLE t AS SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) || md5((i + 2)::VARCHAR) AS s FROM range(400000) r(i)',
      );
      await db.run('CHECKPOINT');
      expect(statSync(join(dir, folder!, 'icp.duckdb')).size).toBeGreaterThan(20e6);
      expect(await db.one('SELECT count(*) AS n, count(DISTINCT s) AS d FROM t')).toEqual({
        n: '400000',
        d: '400000',
      });
      // Its strings are written without FSST (database.ts: FILE_SETTINGS).
      const methods = await db.all(
        "SELECT DISTINCT compression AS c FROM pragma_storage_info('t') WHERE segment_type = 'VARCHAR' ORDER BY 1",
      );
      expect(methods).toEqual([{ c: 'Uncompressed' }]);
      db.close();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not checkpoint the database file on close: its log is left unmerged, the file removed next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-db-test-'));
    try {
      const instance = await DuckDBInstance.create(join(dir, 'x.duckdb'), { threads: '2' });
      const connection = await instance.connect();
      for (const sql of FILE_SETTINGS) await connection.run(sql);
      await connection.run('CREATE TABLE t AS SELECT i FROM range(1000) r(i)');
      connection.closeSync();
      instance.closeSync();
      // A checkpoint on close would have merged the write-ahead log into the file and removed it.
      expect(readdirSync(dir).sort()).toEqual(['x.duckdb', 'x.duckdb.wal']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('removes the spill folders of killed runs there first, keeping those of live processes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-db-test-'));
    try {
      // 4194305 is above Linux's largest pid: that process cannot be running.
      for (const name of [
        '.icp-engine-4194305-abc123',
        `.icp-engine-${process.ppid}-def456`,
        'kept',
      ])
        mkdirSync(join(dir, name, 'spill'), { recursive: true });
      const db = await Database.open({ memoryLimit: 64 * 2 ** 20, spillDir: dir });
      const own = readdirSync(dir).filter((n) => n.startsWith(`.icp-engine-${process.pid}-`));
      expect(own).toHaveLength(1);
      expect(readdirSync(dir).sort()).toEqual(
        [`.icp-engine-${process.ppid}-def456`, own[0], 'kept'].sort(),
      );
      db.close();
      expect(readdirSync(dir).sort()).toEqual([`.icp-engine-${process.ppid}-def456`, 'kept']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stays in memory by default, writing nothing', async () => {
    const db = await Database.open();
    expect((await db.one("SELECT current_setting('temp_directory') AS t"))?.t).not.toContain(
      'icp-engine',
    );
    db.close();
  });
});
