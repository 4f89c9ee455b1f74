import { categoryKey, cellText, parseNumber } from '../../src/core/parse/cell.js';
import { keySql, numberSql, type SqlDialect, textSql } from '../../src/core/parse/cell-sql.js';
import { dateSql, parseDateDays } from '../../src/core/parse/dates.js';
import { type DeriveRule, deriveSql, deriveValue } from '../../src/core/parse/derive.js';
import { createRandom } from '../../src/core/random/prng.js';
import { quoteIdent } from '../../src/core/sql/quote.js';

/**
 * The cells of the parse differential (test/parse-differential.test.ts for DuckDB and
 * PostgreSQL, test/clickhouse/parse.ch-test.ts for ClickHouse): written by hand or generated
 * from pieces of real exports, with the TypeScript reading of each as the reference.
 */
const NUMBERISH = [
  ...[' ', '-', '+', '$', '€', 'US$', 'USD', 'usd', ' EUR', '(', ')', '%', '\t', '\u00a0'],
  ...['1', '12', '1,200', ',', '.', '5', 'e', 'E', '3', '07', 'k', 'M', 'mm', 'bn', ' million'],
  ...['TRUE', 'false', 'n', 'Y', 'N/A', '?', 'unknown', 'x', '/', '_', '&', 'Fin', 'Tech'],
];
const DATEISH = [
  ...['2013', '2012', '1969', '-', '/', '.', ' ', '1', '12', '31', '29', '02', '2', '13', '00'],
  ...['-Q', 'Q', 'T10:00', ':00', 'Z', '+02', 'Dec', 'dec', 'June', ', ', '69', '-06', '-12'],
];
/** Date-shaped cells: parts of real dates, some out of range, in the supported layouts. */
function dateShaped(count: number, seed: number): string[] {
  const r = createRandom(seed);
  const y = ['2013', '2012', '2000', '1900', '0000', '0001', '13', '69', '68', '99', '201'];
  const m = ['1', '02', '2', '12', '13', '0', '00', 'Dec', 'dec', 'JUNE', 'Sept', 'Q2', 'Q5'];
  const d = ['1', '29', '30', '31', '00', '5', '05', '32'];
  const time = ['', '', 'T10:00', ' 10:00:00', 'T10:00:00.5Z', ' 10:00+02:00', 'T1:00 UTC'];
  const layouts = [
    () => `${r.pick(y)}-${r.pick(m)}-${r.pick(d)}${r.pick(time)}`,
    () => `${r.pick(m)}/${r.pick(d)}/${r.pick(y)}`,
    () => `${r.pick(d)} ${r.pick(m)} ${r.pick(y)}`,
    () => `${r.pick(m)} ${r.pick(d)}, ${r.pick(y)}`,
    () => `${r.pick(y)}-${r.pick(m)}`,
    () => `${r.pick(y)}-${r.pick(m).startsWith('Q') ? '' : 'Q'}${r.pick(m)}`,
  ];
  return Array.from({ length: count }, () => r.pick(layouts)());
}
/** Number-shaped cells: a sign, currency, digits, exponent or scale, percent, parentheses. */
function numberShaped(count: number, seed: number): string[] {
  const r = createRandom(seed);
  const opt = (xs: readonly string[]) => (r.chance(0.5) ? r.pick(xs) : '');
  const digits = ['0', '7', '12', '1,200', '12,345,678.9', '12.', '.5', '1234', '1,20', '0.000001'];
  return Array.from({ length: count }, () => {
    const body = `${opt(['-', '+'])}${opt(['$', 'USD ', '€', 'us$'])}${opt(['-', '+'])}${r.pick(digits)}${opt(['e3', 'E-2', 'e+99', 'k', ' M', 'mm', 'Bn', ' million', 'x'])}${opt(['%', ' %'])}${opt([' usd', 'EUR', '€', ' gbp'])}`;
    return r.chance(0.2) ? `(${opt([' '])}${body}${opt([' '])})` : body;
  });
}
const LISTISH = ['AWS', 'aws ', ' HubSpot', 'Hub-Spot', ';', '|', ',', ' ', 'Slack', 'n/a', '-'];

const HAND = [
  ...['$1,200', '1,200 USD', '€1.2M', '1.2M', '12k', '12%', '(1,200)', '12.', '.5', 'unknown'],
  ...['?', 'TRUE', 'n', '-$5', '$-5', '-$-5', '(-5)', '1e5', '1E+05', '12 MXN', '5mm', '3 bn'],
  ...['2.5 million', '1,2', '12,5O0', '####', '5/18/27', ' 7 ', 'US$ 3', '1_000', 'nan', 'inf'],
  ...['1e999', '1e-99', `1${'0'.repeat(98)}`, `1${'0'.repeat(99)}`, 'USD1.5k', '( 12 )', '()'],
  ...['', '  ', 'N/A', '#N/A', 'None', '-', 'Yes', 'no', 'T', 'f', 'Health-Care', 'SaaS / B2B'],
  ...['2013-12-12', '2013-1-5', '2013-12-12T10:00:00Z', '2013-12-12 10:00:00+02', '2013-02-29'],
  ...['2012-02-29', '12/31/2013', '31/12/2013', '2012-06', '2012-Q2', '2012-Q5', '31 Dec 2013'],
  ...['Dec 31, 2013', 'June 1, 2013', '1/2/69', '1/2/68', '0000-01-01', '2013-00-10'],
  ...['AWS;HubSpot;Slack', 'aws ; hub-spot', 'HubSpot|AWS', 'Slack', 'n/a;AWS', 'AWS,,Slack'],
];

function generated(pieces: readonly string[], count: number, seed: number): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: random.int(1, 5) }, () => random.pick(pieces)).join(''),
  );
}

export const CELLS = [
  ...HAND,
  ...generated(NUMBERISH, 1500, 1),
  ...generated(DATEISH, 1500, 2),
  ...generated(LISTISH, 500, 3),
  ...dateShaped(1500, 4),
  ...numberShaped(1500, 5),
];
export const FORMATS = ['%m/%d/%Y', '%m/%d/%y', '%Y-%m', '%Y-Q%q', '%d %b %Y', '%B %d, %Y'];
export const RULES: DeriveRule[] = [
  { kind: 'age_years', from: 'c', as_of: '2013-12-12', formats: FORMATS },
  { kind: 'age_days', from: 'c', as_of: '2013-12-12' },
  { kind: 'has', from: 'c', value: 'aws', separator: ';' },
  { kind: 'has', from: 'c', value: 'hub spot', separator: '|' },
  { kind: 'has', from: 'c', value: 'slack', separator: ',' },
];

/** The TypeScript reading of every cell, as the SQL returns it (null for NaN). */
export function reference(cell: string): unknown[] {
  const n = parseNumber(cell);
  const b = parseNumber(cell, { booleans: true });
  const days = parseDateDays(cell, FORMATS);
  return [
    cellText(cell),
    Number.isNaN(n) ? null : n,
    Number.isNaN(b) ? null : b,
    categoryKey(cell),
    days,
    ...RULES.map((r) => {
      const v = deriveValue(r, cell);
      return typeof v === 'number' && Number.isNaN(v) ? null : v;
    }),
  ];
}

export function selectList(dialect: SqlDialect): string {
  const c = dialect === 'clickhouse' ? '`c`' : quoteIdent('c');
  const t = textSql(dialect, c);
  const epoch = "DATE '1970-01-01'";
  // ClickHouse's dateSql gives the day number itself.
  const days =
    dialect === 'duckdb'
      ? `date_diff('day', ${epoch}, ${dateSql(dialect, t, FORMATS)})`
      : dialect === 'postgres'
        ? `(${dateSql(dialect, t, FORMATS)} - ${epoch})`
        : dateSql(dialect, t, FORMATS);
  return [
    `${t} AS v0`,
    `${numberSql(dialect, t)} AS v1`,
    `${numberSql(dialect, t, { booleans: true })} AS v2`,
    `${keySql(dialect, t)} AS v3`,
    `${days} AS v4`,
    ...RULES.map((r, i) => `${deriveSql(dialect, r, c)} AS v${i + 5}`),
  ].join(', ');
}

/** Days come back as BIGINT (a string) from DuckDB and ClickHouse, integer from PostgreSQL. */
export const normalise = (v: unknown, k: number) =>
  k === 4 && typeof v === 'string' ? Number(v) : v;
