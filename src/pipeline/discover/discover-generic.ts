import { basename, resolve } from 'node:path';
import { configSchema } from '../../core/config/schema.js';
import { runDiscovery } from '../../core/discovery/run-discovery.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { closest } from 'fastest-levenshtein';
import { aggregateInBatches } from '../../data/db/aggregate-in-batches.js';
import { Database, num, str } from '../../data/db/database.js';
import { numberExpr, textExpr } from '../../data/load/parse-sql.js';
import { readRaw } from '../../data/source/read-raw.js';
import { assembleIcp } from './assemble-icp.js';
import type { Candidate } from '../analysis/discovery-rows.js';
import { readDiscoveryRows } from '../analysis/discovery-rows.js';
import { overdispersion } from '../../core/stats/multiple-testing.js';
import { readColumns } from '../../data/db/read-columns.js';

export interface GenericOptions {
  readonly data: string;
  readonly target: string;
  /** The target value that counts as positive (compared trimmed, case-insensitive). */
  readonly positive: string;
  readonly id?: string;
  /**
   * The column naming each row's account, when rows are deals or leads of accounts: rows of
   * one account share a cross-validation fold and count as one unit in every interval.
   */
  readonly account?: string;
  readonly exclude?: readonly string[];
  /** Columns to keep although the leakage check would leave them out. */
  readonly keep?: readonly string[];
  readonly seed?: number;
  readonly onProgress?: (stage: string) => void;
}

/**
 * Discovery on any single export with a yes/no column, no config: every other column is a
 * candidate attribute (numbers where every value parses as one).
 */
export async function discoverGeneric(options: GenericOptions): Promise<IcpDefinition> {
  const {
    data,
    target,
    positive,
    id,
    account,
    exclude = [],
    keep = [],
    seed = 1,
    onProgress,
  } = options;
  const db = await Database.open();
  try {
    onProgress?.(`reading ${data}`);
    const raw = await readRaw(db, 'data', { path: basename(data) }, resolve(data));
    for (const [flag, name] of [
      ['--target', target],
      ['--id', id],
      ['--account', account],
      ...exclude.map((e) => ['--exclude', e] as const),
      ...keep.map((k) => ['--keep', k] as const),
    ] as const) {
      if (name !== undefined && !raw.headers.includes(name)) {
        throw new IcpError(
          'USAGE',
          `${flag}: ${data} has no column "${name}". Did you mean "${closest(name, [...raw.headers])}"? Columns: ${raw.headers.join(', ')}.`,
        );
      }
    }
    const t = textExpr(`r.${quoteIdent(target)}`);
    const values = await db.all(
      `SELECT DISTINCT lower(${t}) AS v FROM raw_data r WHERE ${t} IS NOT NULL ORDER BY 1 LIMIT 50`,
    );
    if (!values.some((v) => str(v.v) === positive.trim().toLowerCase())) {
      throw new IcpError(
        'USAGE',
        `--positive: "${positive}" never occurs in column "${target}" of ${data}. Values seen: ${values.map((v) => str(v.v)).join(', ')}.`,
      );
    }
    const skip = new Set([target, ...(id ? [id] : []), ...(account ? [account] : []), ...exclude]);
    const headers = raw.headers.filter((h) => !skip.has(h));
    if (headers.length === 0)
      throw new IcpError(
        'USAGE',
        `${data} has no column left to learn from: its columns ${raw.headers.map((h) => `"${h}"`).join(', ')} are all the target, the id or excluded. Pass a file with attribute columns, or exclude fewer.`,
      );
    const counts = await aggregateInBatches(
      db,
      headers.flatMap((h, i) => {
        const x = textExpr(`r.${quoteIdent(h)}`);
        return [
          `count(${x}) AS f${i}`,
          `count(${x}) FILTER (WHERE ${numberExpr(x)} IS NULL) AS b${i}`,
        ];
      }),
      'raw_data r',
    );
    const candidates: Candidate[] = headers.map((h, i) => ({
      name: h,
      kind: num(counts[`f${i}`]) > 0 && num(counts[`b${i}`]) === 0 ? 'numeric' : 'categorical',
    }));
    const idExpr = id ? textExpr(`r.${quoteIdent(id)}`) : 'CAST(r.rowid AS VARCHAR)';
    const cols = candidates.map((c) => {
      const x = textExpr(`r.${quoteIdent(c.name)}`);
      return `${c.kind === 'numeric' ? numberExpr(x) : x} AS ${quoteIdent(c.name)}`;
    });
    await db.run(
      `CREATE TEMP VIEW _account_attributes AS SELECT ${idExpr} AS account_id, ${cols.join(', ')} FROM raw_data r`,
    );
    const unitSql = `SELECT ${idExpr} AS account_id, r.rowid AS _unit, (lower(${t}) = ${quoteLiteral(positive.trim().toLowerCase())})::INT AS _target, NULL::INT AS _bad FROM raw_data r WHERE ${t} IS NOT NULL`;
    const rows = await readDiscoveryRows(db, unitSql, { candidates, excluded: [] });
    const groups = account ? await accountGroups(db, account, t) : undefined;
    onProgress?.('discovering');
    const settings = configSchema.shape.discover.parse({ seed });
    const result = runDiscovery({
      ...rows,
      ...(groups ? { groups } : {}),
      dispersion: groups ? overdispersion(groups, rows.target) : 1,
      keep,
      seed,
      folds: settings.folds,
      maxAttributes: settings.max_attributes,
    });
    const positives = rows.target.reduce((a, b) => a + b, 0);
    return assembleIcp({
      numbers: rows.numbers,
      name: `${basename(data)}: ${target} = ${positive}`,
      parent: null,
      target: {
        kind: 'column',
        definition: `${target} = ${positive} (trimmed, any case); counted among rows where ${target} is filled`,
        eligible: rows.target.length,
        positives,
      },
      result,
      personas: undefined,
      // What reading the file worked around (NUL bytes removed, bytes read as Windows-1252).
      findings: raw.warnings.map((w) => w.message),
      provenance: {
        as_of: '',
        rows: { [basename(data)]: raw.rows },
        seed,
        settings: {
          data: basename(data),
          target,
          positive,
          id: id ?? null,
          ...(account ? { account } : {}),
          exclude: [...exclude],
          ...(keep.length > 0 ? { keep: [...keep] } : {}),
        },
        fingerprint: String(
          (await db.one('SELECT CAST(bit_xor(hash(r)) AS VARCHAR) AS h FROM raw_data r'))?.h,
        ),
      },
    });
  } finally {
    db.close();
  }
}

/**
 * The account of each row with a target, in the order readDiscoveryRows returns them (file
 * order), as group numbers; an empty account is a group of its own row.
 */
async function accountGroups(db: Database, account: string, target: string): Promise<Int32Array> {
  const a = textExpr(`r.${quoteIdent(account)}`);
  const data = await readColumns(
    db,
    `SELECT coalesce(${a}, '~row ' || r.rowid) AS g FROM raw_data r WHERE ${target} IS NOT NULL ORDER BY r.rowid`,
    { g: 'text' },
  );
  const ids = new Map<string, number>();
  return Int32Array.from(data.texts.g ?? [], (v) => {
    const key = v ?? '';
    const known = ids.get(key);
    if (known !== undefined) return known;
    ids.set(key, ids.size);
    return ids.size - 1;
  });
}
