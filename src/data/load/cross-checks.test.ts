import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load-config.js';
import { crossChecks } from './cross-checks.js';
import { loadDataset } from './load-dataset.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const FILES: Record<string, string[]> = {
  accounts: ['Account ID,Company Name', 'A1,"Acme, Inc."', 'A2,Globex', 'A3,Initech'],
  // Linked by id, by a list's first id, by name, not at all (an id or a name no account has,
  // no id), in file order.
  invoices: [
    'Invoice ID,Customer,Customer Name,Date,Amount',
    'I1,A1,,2024-01-01,100',
    'I2,cus_9,Nobody Ltd,2024-01-02,10',
    'I3,A2;A3,,2024-01-03,20',
    'I4,cus_1,ACME Inc,2024-01-04,30',
    'I5,,,2024-01-05,40',
    'I6,cus_8,,2024-01-06,50',
    'I7,,Initech,2024-01-07,60',
  ],
  deals: [
    'Deal ID,Account ID,Stage,Amount',
    'D1,A1,won,100',
    'D2,,open,50',
    'D3,,lost,20',
    'D4,X9,open,30',
  ],
  tickets: ['Ticket ID,Account ID,Created At', 'T1,A1,2024-01-01', 'T2,A2,2024-01-02'],
};

describe('crossChecks', () => {
  it('takes the unlinked rows from linking: the same warnings as scanning each table again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-cross-'));
    dirs.push(dir);
    const sources: Record<string, { path: string }> = {};
    for (const [name, lines] of Object.entries(FILES)) {
      writeFileSync(join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
      sources[name] = { path: `${name}.csv` };
    }
    writeFileSync(join(dir, 'icp.config.yaml'), stringify({ sources }));
    const ds = await loadDataset(await loadConfig(join(dir, 'icp.config.yaml')), {
      today: '2025-01-01',
    });
    try {
      const codes = new Set(['orphan', 'missing_reference', 'open_without_account']);
      const fromLinking = ds.warnings.filter((w) => codes.has(w.code));
      const scanned = (await crossChecks(ds.db, ds.tables, ds.links)).filter((w) =>
        codes.has(w.code),
      );
      expect(fromLinking).toEqual(scanned);
      expect(fromLinking.map((w) => [w.table, w.code, w.count, w.row, w.value])).toEqual([
        ['deals', 'orphan', 1, 5, 'X9'],
        ['deals', 'open_without_account', 1, undefined, undefined],
        ['deals', 'missing_reference', 1, undefined, undefined],
        ['invoices', 'orphan', 2, 3, 'cus_9'],
        ['invoices', 'missing_reference', 1, undefined, undefined],
      ]);
    } finally {
      ds.close();
    }
  });
});
