import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../data/config/load-config.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { cutAt, keepSince } from './cut-dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-cut-'));
let dataset: Dataset;

beforeAll(async () => {
  await generateWorld({ accounts: 400, seed: 4, out: dir });
  dataset = await loadDataset(await loadConfig(join(dir, 'icp.config.yaml')), {
    today: WORLD_TODAY,
  });
});
afterAll(() => {
  dataset.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (sql: string) => Number((await dataset.db.one(sql))?.n);
const schemas = async () =>
  (
    await dataset.db.all(
      "SELECT schema_name AS s FROM duckdb_schemas() WHERE schema_name LIKE '\\_view\\_%' ESCAPE '\\'",
    )
  ).map((r) => String(r.s));

describe('views of a dataset in time', () => {
  it('reads only what was known before the date while the view is open, and leaves the tables alone', async () => {
    const accounts = await count('SELECT count(*) AS n FROM accounts');
    const before = await count(
      "SELECT count(*) AS n FROM accounts WHERE created_at < DATE '2025-01-01'",
    );
    const wonLater = await count(
      "SELECT count(*) AS n FROM deals WHERE created_at < DATE '2025-01-01' AND closed_at >= DATE '2025-01-01' AND stage = 'won'",
    );
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(accounts);
    expect(wonLater).toBeGreaterThan(0);
    const view = await cutAt(dataset, '2025-01-01');
    expect(await count('SELECT count(*) AS n FROM accounts')).toBe(before);
    expect(
      await count("SELECT count(*) AS n FROM deals WHERE created_at >= DATE '2025-01-01'"),
    ).toBe(0);
    // A deal that closed after the date was still open on it.
    expect(
      await count("SELECT count(*) AS n FROM deals WHERE closed_at >= DATE '2025-01-01'"),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM main.accounts')).toBe(accounts);
    expect(await schemas()).toEqual([view.schema]);
    await view.close();
    expect(await count('SELECT count(*) AS n FROM accounts')).toBe(accounts);
    expect(await schemas()).toEqual([]);
  });

  it('keeps the accounts created since the date or with a deal since, and their rows elsewhere', async () => {
    const recent = await count(
      "SELECT count(*) AS n FROM accounts WHERE created_at >= DATE '2026-01-01' OR account_id IN (SELECT account_id FROM deals WHERE created_at >= DATE '2026-01-01')",
    );
    const tickets = await count(
      "SELECT count(*) AS n FROM tickets WHERE account_id IN (SELECT account_id FROM accounts WHERE created_at >= DATE '2026-01-01' OR account_id IN (SELECT account_id FROM deals WHERE created_at >= DATE '2026-01-01'))",
    );
    const view = await keepSince(dataset, '2026-01-01');
    expect(await count('SELECT count(*) AS n FROM accounts')).toBe(recent);
    expect(await count('SELECT count(*) AS n FROM tickets')).toBe(tickets);
    expect(
      await count("SELECT count(*) AS n FROM deals WHERE created_at < DATE '2026-01-01'"),
    ).toBe(0);
    await view.close();
    expect(
      await count("SELECT count(*) AS n FROM deals WHERE created_at < DATE '2026-01-01'"),
    ).toBeGreaterThan(0);
  });
});
