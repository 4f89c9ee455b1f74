import { describe, expect, it } from 'vitest';
import { Database } from '../db/database.js';
import { applyUnits, epochDateExpr } from './unit-sql.js';

describe('units in SQL', () => {
  it('reads unix times as UTC dates whatever the time zone of the session', async () => {
    const db = await Database.open();
    try {
      await db.run("SET TimeZone = 'America/Los_Angeles'");
      const row = await db.one(
        `SELECT CAST(${epochDateExpr("'1706745600'", 'seconds')} AS VARCHAR) AS s,
          CAST(${epochDateExpr("'1706831999999'", 'milliseconds')} AS VARCHAR) AS ms,
          ${epochDateExpr("'2024-02-01'", 'seconds')} AS text`,
      );
      expect(row).toEqual({ s: '2024-02-01', ms: '2024-02-01', text: null });
    } finally {
      db.close();
    }
  });

  it('turns cents, yearly prices and seats into a monthly amount', async () => {
    const db = await Database.open();
    try {
      await db.run(
        "CREATE TABLE r AS SELECT * FROM (VALUES ('1999', 'year', '3'), ('500', 'Monthly', NULL)) AS t(amount, every, seats)",
      );
      const col = {
        header: 'amount',
        scale: 0.01,
        guessed: false,
        per: 'every',
        quantity: 'seats',
      };
      const rows = await db.all(
        `SELECT ${applyUnits('CAST(r.amount AS DOUBLE)', col, 'r')} AS mrr FROM r ORDER BY 1`,
      );
      // 19.99 a year for 3 seats is 4.9975 a month; 5.00 a month for one seat (no quantity).
      expect(rows.map((r) => r.mrr)).toEqual([4.9975, 5]);
    } finally {
      db.close();
    }
  });
});
