import { type Database, str } from '../../data/db/database.js';
import { MENTIONS_TABLE } from './extract-themes.js';
import { DOCS_TABLE } from './voc-documents.js';

/**
 * Adds to `table` (account_id, segment) one row per account and theme it raised, the theme's id
 * (`raised-3`) as the segment, so the dashboard lists a theme's accounts as it lists a
 * segment's. Needs the audit's `_voc_docs` and `_voc_mentions`; returns the theme ids.
 */
export async function themeMembership(db: Database, table: string): Promise<string[]> {
  const exists = await db.one(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = '${MENTIONS_TABLE}'`,
  );
  if (!exists || Number(exists.n) === 0) return [];
  await db.run(`INSERT INTO ${table}
    SELECT DISTINCT d.account_id, m.lens || '-' || m.theme FROM ${MENTIONS_TABLE} m JOIN ${DOCS_TABLE} d USING (doc_id)
    ORDER BY 2, 1`);
  return (
    await db.all(`SELECT DISTINCT lens || '-' || theme AS id FROM ${MENTIONS_TABLE} ORDER BY 1`)
  ).map((r) => str(r.id) ?? '');
}
