import type { Condition } from '../../core/icp/definition.js';
import { conditionHolds } from '../../core/icp/score-record.js';
import { normalizeHeader } from '../../core/model/canonical.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, str } from '../../data/db/database.js';

/** Rows read into JavaScript at a time: memory stays flat however many accounts there are. */
const CHUNK = 10_000;

/**
 * Fills `_dashboard_segments (account_id, segment)` with the accounts each segment's
 * conditions hold for, tested with `conditionHolds` (the same function as hard rules and the
 * library's scoring, so membership agrees with icp.json by construction). The attributes are
 * read from `source` (a table or view with account_id and the attribute columns) a chunk at a
 * time; attribute names are matched to columns ignoring case and punctuation.
 */
export async function segmentMembership(
  db: Database,
  source: string,
  segments: readonly { readonly id: string; readonly conditions: readonly Condition[] }[],
): Promise<void> {
  await db.run(
    'CREATE OR REPLACE TEMP TABLE _dashboard_segments (account_id VARCHAR, segment VARCHAR)',
  );
  if (segments.length === 0) return;
  const columns = await db.columns(source);
  const byKey = new Map(columns.map((c) => [normalizeHeader(c), c]));
  const needed = [
    ...new Set(
      segments.flatMap((s) =>
        s.conditions.flatMap((c) => {
          const col = byKey.get(normalizeHeader(c.attribute));
          return col ? [col] : [];
        }),
      ),
    ),
  ];
  await db.run(`CREATE OR REPLACE TEMP TABLE _dashboard_segment_attrs AS
    SELECT row_number() OVER (ORDER BY account_id) AS _n, account_id${needed.map((c) => `, ${quoteIdent(c)}`).join('')}
    FROM ${source}`);
  try {
    for (let start = 1; ; start += CHUNK) {
      const rows = await db.all(
        `SELECT * FROM _dashboard_segment_attrs WHERE _n >= ${start} AND _n < ${start + CHUNK}`,
      );
      if (rows.length === 0) break;
      const values: string[] = [];
      for (const row of rows) {
        const lookup = (name: string) => {
          const col = byKey.get(normalizeHeader(name));
          return col === undefined ? undefined : row[col];
        };
        for (const s of segments) {
          if (s.conditions.every((c) => conditionHolds(c, lookup)))
            values.push(`(${quoteLiteral(str(row.account_id) ?? '')}, ${quoteLiteral(s.id)})`);
        }
      }
      for (let k = 0; k < values.length; k += 2000)
        await db.run(
          `INSERT INTO _dashboard_segments VALUES ${values.slice(k, k + 2000).join(', ')}`,
        );
    }
  } finally {
    await db.run('DROP TABLE IF EXISTS _dashboard_segment_attrs');
  }
}
