import { type TableName, tableSpec } from '../../core/model/canonical.js';
import type { ShapeColumn } from '../../core/shapes/export-shape.js';
import { headerKey } from '../../core/shapes/header-key.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num, str } from '../../data/db/database.js';

/** Currencies whose amounts have no minor unit: Stripe sends yen as yen, not as cents. */
const ZERO_DECIMAL = new Set(
  'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '),
);

export interface UnitCheck {
  readonly columns: Record<string, ShapeColumn>;
  /** The file's one currency, when it names one in a currency column. */
  readonly currency?: string;
  readonly notes: readonly string[];
}

/**
 * Checks the units a shape assumed against the values, and finds the ones it did not: unix
 * times in any date column (9-11 digits: seconds, 12-14: milliseconds), amounts said to be in
 * cents that carry decimals (then they are units), cents in a zero-decimal currency, and the
 * currency the file's own currency column names.
 */
export async function checkUnits(
  db: Database,
  rawTable: string,
  file: string,
  table: TableName,
  headers: readonly string[],
  columns: Readonly<Record<string, ShapeColumn>>,
): Promise<UnitCheck> {
  const spec = tableSpec(table).columns;
  const out: Record<string, ShapeColumn> = { ...columns };
  const notes: string[] = [];
  const currencies = await fileCurrencies(db, rawTable, headers);
  for (const [canonical, c] of Object.entries(columns)) {
    const type = spec[canonical]?.type;
    const v = `trim(CAST(${quoteIdent(c.header)} AS VARCHAR))`;
    if (type === 'date') {
      const r = await db.one(`SELECT count(*) FILTER (WHERE ${v} <> '') AS filled,
          count(*) FILTER (WHERE regexp_full_match(${v}, '[0-9]{9,11}')) AS s,
          count(*) FILTER (WHERE regexp_full_match(${v}, '[0-9]{12,14}')) AS ms FROM ${rawTable}`);
      const filled = num(r?.filled);
      const epoch =
        filled > 0 && num(r?.s) === filled
          ? 'seconds'
          : filled > 0 && num(r?.ms) === filled
            ? 'milliseconds'
            : undefined;
      const { epoch: _assumed, ...rest } = c;
      out[canonical] = epoch ? { ...rest, epoch } : rest;
      if (epoch) notes.push(`"${c.header}" read as unix times in ${epoch}`);
      else if (c.epoch) notes.push(`"${c.header}" holds dates, not unix times: read as dates`);
    } else if ((type === 'number' || type === 'integer') && c.scale === 0.01) {
      const r = await db.one(
        `SELECT count(*) FILTER (WHERE regexp_matches(${v}, '\\.[0-9]*[1-9]')) AS decimals FROM ${rawTable}`,
      );
      const { scale: _cents, ...rest } = c;
      if (num(r?.decimals) > 0) {
        out[canonical] = rest;
        notes.push(`"${c.header}" has decimals, so it is in units, not cents`);
      } else if (currencies.length > 0 && currencies.every((x) => ZERO_DECIMAL.has(x))) {
        out[canonical] = rest;
        notes.push(`"${c.header}" is in ${currencies.join(', ')}, which has no cents: read as is`);
      } else notes.push(`"${c.header}" read as cents (divided by 100)`);
    }
  }
  if (currencies.length > 1) {
    notes.push(
      `amounts are in ${currencies.length} currencies (${currencies.join(', ')}); the engine reads one currency per file, so convert them or split the file`,
    );
  }
  const currency = currencies.length === 1 ? currencies[0] : undefined;
  return {
    columns: out,
    ...(currency ? { currency } : {}),
    notes: notes.map((n) => `${file}: ${n}.`),
  };
}

async function fileCurrencies(
  db: Database,
  rawTable: string,
  headers: readonly string[],
): Promise<string[]> {
  const header = headers.find((h) =>
    ['currency', 'currencycode', 'currencyofvalue'].some((k) => headerKey(h).endsWith(k)),
  );
  if (header === undefined) return [];
  const rows = await db.all(
    `SELECT DISTINCT upper(trim(CAST(${quoteIdent(header)} AS VARCHAR))) AS c FROM ${rawTable}
     WHERE regexp_full_match(trim(CAST(${quoteIdent(header)} AS VARCHAR)), '[A-Za-z]{3}') ORDER BY 1`,
  );
  return rows.map((r) => str(r.c) ?? '').filter(Boolean);
}
