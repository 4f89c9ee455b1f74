import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../src/core/sql/quote.js';
import { Database, num, str } from '../src/data/db/database.js';
import { derivedParts } from '../src/data/load/infer-parts.js';
import { type InferredColumn, inferColumnTypes } from '../src/data/load/infer-types.js';
import { dateExpr, textExpr } from '../src/data/load/parse-sql.js';
import {
  dateSpans,
  latestDate,
  type PlannedColumn,
} from '../src/pipeline/analysis/attribute-plan.js';

/**
 * The latest date, the dates' spread and a date's parts are computed once per distinct cell (or
 * pair of cells) and weighted by its rows (`distinctValues`): each must be what a query over the
 * rows gives, on dates in three formats with bad, empty, spaced and null-token cells, and parts
 * that agree with their date, nearly agree, or do not.
 */
const ROWS = 300;
const raw = { rawTable: 'raw_dates', rowBase: 2 };
const HEADERS = [
  'signed',
  'founded',
  'closed',
  'founded_month',
  'founded_year',
  'closed_quarter',
  'noise_year',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
let db: Database;
let types: InferredColumn[];

/** Row i's cells: US dates, ISO dates over decades, "Mon d, yyyy" dates over months, parts. */
function cells(i: number): (string | null)[] {
  const m = (i % 12) + 1;
  const d = (i % 27) + 1;
  const y = 1980 + ((i * 7) % 40);
  const signed =
    i === 5
      ? '31/31/2011'
      : i === 6
        ? 'soon'
        : i === 7
          ? ' N/A '
          : i % 13 === 0
            ? ''
            : i % 29 === 0
              ? ' 3/4/2015 '
              : `${m}/${d}/20${10 + (i % 9)}`;
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const founded = i === 8 ? '2013-02-30' : i % 11 === 0 ? '' : i % 31 === 0 ? null : iso;
  const cm = (i * 5) % 4;
  const closed = i % 17 === 0 ? 'n/a' : `${MONTHS[cm]} ${d}, 2019`;
  return [
    signed,
    founded,
    closed,
    // Agrees with founded except on every 60th row and where founded is bad or empty.
    i % 60 === 1 ? '1999-12' : iso.slice(0, 7),
    i % 23 === 0 ? '' : String(y),
    i % 17 === 0 ? '' : i % 40 === 3 ? '2018-Q4' : `2019-q${Math.floor(cm / 3) + 1}`,
    String(1990 + ((i * 13) % 31)),
  ];
}

beforeAll(async () => {
  db = await Database.open();
  const literal = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
  // Row 1 (founded_month disagreeing with founded) four times more: counted by distinct pairs
  // rather than rows, the month would agree on 98.5% of rows, not 97.0%, and be taken as a part.
  const order = [...Array.from({ length: ROWS }, (_, i) => i), 1, 1, 1, 1];
  const rows = order.map((i) => `(${cells(i).map(literal).join(', ')})`);
  await db.run(
    `CREATE TABLE raw_dates AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${HEADERS.map(quoteIdent).join(', ')})`,
  );
  types = await inferColumnTypes(db, raw, HEADERS);
});
afterAll(() => db.close());

function planned(): PlannedColumn[] {
  return types.map((c) => ({ name: c.header, sql: `r.${quoteIdent(c.header)}`, type: c.type }));
}

/** A date column's parse over the rows, as the per-row queries read it. */
function rowDate(c: PlannedColumn): string {
  return c.type.kind === 'date' ? dateExpr(textExpr(c.sql), c.type.formats) : 'NULL';
}

describe('dates from distinct cells', () => {
  it('types the columns as dates in three formats, with their unreadable cells', () => {
    expect(
      types.map((c) =>
        c.type.kind === 'date'
          ? [c.header, c.type.formats, c.type.part, c.type.unreadable.count]
          : [c.header, c.type.kind],
      ),
    ).toEqual([
      ['signed', ['%m/%d/%Y'], 'day', 2],
      ['founded', [], 'day', 1],
      ['closed', ['%b %d, %Y'], 'day', 0],
      ['founded_month', ['%Y-%m'], 'month', 0],
      ['founded_year', 'number'],
      ['closed_quarter', ['%Y-Q%q'], 'quarter', 0],
      ['noise_year', 'number'],
    ]);
  });

  it('finds the latest date a scan of the rows finds', async () => {
    const columns = planned();
    const latest = await latestDate(db, 'raw_dates AS r', columns);
    expect(latest).toEqual({ date: '2019-10-16', column: 'founded' });
    const perRow = await db.all(
      columns
        .filter((c) => c.type.kind === 'date')
        .map(
          (c) =>
            `SELECT '${c.name}' AS c, CAST(max(${rowDate(c)}) AS VARCHAR) AS d FROM raw_dates AS r`,
        )
        .join(' UNION ALL '),
    );
    const best = perRow.sort((a, b) =>
      str(a.d) === str(b.d) ? (str(a.c)! < str(b.c)! ? -1 : 1) : str(a.d)! > str(b.d)! ? -1 : 1,
    )[0];
    expect(latest).toEqual({ date: str(best?.d), column: str(best?.c) });
  });

  it("measures each date column's spread as quantiles over the rows do", async () => {
    const columns = planned();
    const spans = await dateSpans(db, 'raw_dates AS r', columns);
    expect(Object.fromEntries(spans)).toEqual({
      signed: 2707,
      founded: 11691,
      closed: 94,
      founded_month: 11596,
      closed_quarter: 90,
    });
    for (const c of columns.filter((c) => c.type.kind === 'date')) {
      const e = `date_diff('day', DATE '1970-01-01', ${rowDate(c)})`;
      const row = await db.one(
        `SELECT quantile_disc(${e}, 0.9) - quantile_disc(${e}, 0.1) AS s FROM raw_dates AS r`,
      );
      expect([c.name, spans.get(c.name)]).toEqual([c.name, num(row?.s)]);
    }
  });

  it('matches parts to their dates by the rows that agree, as a scan of the rows counts them', async () => {
    const parts = await derivedParts(db, raw, types);
    // founded_month disagrees on 8 rows of 266 (97.0% agree); closed_quarter on 8 of 286 (97.2%).
    expect(Object.fromEntries(parts)).toEqual({
      founded_year: { of: 'founded', part: 'year' },
    });
    const perRow = async (part: string, same: string, date: string) => {
      const row = await db.one(`SELECT count(*) FILTER (WHERE p IS NOT NULL AND d IS NOT NULL) AS b,
        count(*) FILTER (WHERE ${same}) AS a
        FROM (SELECT upper(${textExpr(`r.${part}`)}) AS p, ${date} AS d FROM raw_dates AS r)`);
      return { both: num(row?.b), agree: num(row?.a) };
    };
    expect(
      await perRow(
        'founded_month',
        "p = strftime(d, '%Y-%m')",
        `TRY_CAST(${textExpr('r.founded')} AS DATE)`,
      ),
    ).toEqual({ both: 266, agree: 258 });
    const closed = dateExpr(textExpr('r.closed'), ['%b %d, %Y']);
    expect(await perRow('closed_quarter', "p = concat(year(d), '-Q', quarter(d))", closed)).toEqual(
      { both: 286, agree: 278 },
    );
  });
});
