/**
 * The pieces of ClickHouse SQL (checked on Debian's 18.16) that the cell readings need and
 * that standard SQL writes otherwise: its quoting, doubles written as their bits, a decimal
 * text read to the same double as JavaScript's Number, and a calendar date as a day number.
 */

/**
 * A string literal: single quotes with backslash escapes (a backslash is always an escape), and
 * control characters but tab and line feed as `\xNN` bytes.
 */
export function clickHouseLiteral(value: string): string {
  return `'${value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(CONTROLS, (c) => {
      const code = c.charCodeAt(0);
      // A C1 control is two bytes in UTF-8 (C2 80 to C2 9F); ClickHouse's strings are bytes.
      return code < 0x80 ? `\\x${byte(code)}` : `\\xc2\\x${byte(code)}`;
    })}'`;
}

/** Control characters but tab and line feed, written as escapes (see quote.ts's `CONTROL`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROLS = /[\x01-\x08\x0b-\x1f\x7f-\x9f]/g;
const byte = (code: number) => code.toString(16).padStart(2, '0');

/**
 * A double as its exact bits: 18.16's text-to-float reading is not correctly rounded for every
 * literal, and a point value one unit in the last place off moved a score sitting on a rounding
 * edge (17.05) to the other side. The decimal follows as a comment.
 */
export function clickHouseDouble(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} into SQL`);
  const bytes = new DataView(new ArrayBuffer(8));
  bytes.setFloat64(0, x, true);
  let hex = '';
  for (let i = 0; i < 8; i++) hex += bytes.getUint8(i).toString(16).padStart(2, '0');
  return `reinterpretAsFloat64(unhex('${hex}')) /* ${String(x)} */`;
}

/** The powers of ten a double holds exactly, 1e0 to 1e22. */
const POWERS = `[${Array.from({ length: 23 }, (_, k) => clickHouseDouble(10 ** k)).join(', ')}]`;

/**
 * A number literal as built by `numberSql` ("-1234.5e-3": an optional "-", digits with an
 * optional ".", an optional exponent) read as a double, NULL where it is not one.
 * toFloat64OrNull alone is one unit in the last place off for about 1 text in 200 on 18.16
 * (2.850176, 3.53, 7.7338), which moves a value sitting on a bin edge into the next bin. The
 * digits are read as an integer M and scaled by 10^q in one multiplication or division of two
 * exact doubles, which IEEE rounds correctly while M < 2^53 and |q| <= 22 (Clinger's fast path).
 * Longer mantissas and larger exponents, which no export of counts or money carries, fall back
 * to toFloat64OrNull.
 */
export function clickHouseNumber(literal: string): string {
  return clickHouseLet(literal, (l) =>
    clickHouseLet(`replaceRegexpOne(${l}, '^-', '')`, (body) =>
      clickHouseLet(`replaceRegexpOne(${body}, 'e.*$', '')`, (mantissa) => {
        const exponent = `if(match(${body}, 'e'), toInt32OrNull(replaceRegexpOne(${body}, '^[^e]*e', '')), 0)`;
        const fraction = `if(match(${mantissa}, '[.]'), replaceRegexpOne(${mantissa}, '^[^.]*[.]', ''), '')`;
        const digits = `replaceRegexpOne(replaceAll(${mantissa}, '.', ''), '^0+', '')`;
        return clickHouseLet(
          `[toFloat64(${exponent} - lengthUTF8(${fraction})), toFloat64(lengthUTF8(${digits})), toFloat64(toUInt64OrZero(${digits}))]`,
          (v) => {
            const [q, length, m] = [`${v}[1]`, `${v}[2]`, `${v}[3]`];
            const power = (k: string) => `arrayElement(${POWERS}, toInt32(${k}) + 1)`;
            const fast = `if(${q} >= 0, ${m} * ${power(q)}, ${m} / ${power(`-${q}`)})`;
            const value = `if(${length} <= 15 AND abs(${q}) <= 22, ${fast}, toFloat64OrNull(${body}))`;
            return `(CASE WHEN match(${l}, '^-?([0-9]+[.]?[0-9]*|[.][0-9]+)(e[+-]?[0-9]+)?$') THEN if(match(${l}, '^-'), -${value}, ${value}) END)`;
          },
        );
      }),
    ),
  );
}

/**
 * Days since 1970-01-01 of a calendar date given as whole-number SQL (`year`, `month`, `day`
 * already checked to exist), by integer arithmetic: ClickHouse 18's Date starts in 1970 and it
 * has no makeDate. The civil-to-days count of H. Hinnant, on years shifted 4,000 ahead so that
 * every division is of a positive number (intDiv truncates).
 */
export function clickHouseEpochDays(year: string, month: string, day: string): string {
  const y = `(${year} + 4000 - if(${month} <= 2, 1, 0))`;
  const era = `intDiv(${y}, 400)`;
  const yoe = `(${y} - ${era} * 400)`;
  const doy = `(intDiv(153 * if(${month} > 2, ${month} - 3, ${month} + 9) + 2, 5) + ${day} - 1)`;
  const doe = `(${yoe} * 365 + intDiv(${yoe}, 4) - intDiv(${yoe}, 100) + ${doy})`;
  // 4,000 years are 10 eras of 146,097 days.
  return `(${era} * 146097 + ${doe} - 719468 - 1460970)`;
}

/**
 * `body` over `expr` computed once: a one-element array mapped by a lambda. ClickHouse 18 has
 * no other way to name a value inside an expression (an alias or a WITH name is pasted in at
 * every use), and a cell's reading names its text, its lower case and its pattern's groups
 * many times over: pasted in, the SQL of one number grew past a megabyte. The lambda's
 * parameter is named after `expr`, so the SQL stays the same from run to run. Inside
 * `stageClickHouseLets` the value becomes a column of a nested SELECT instead (see there).
 */
export function clickHouseLet(expr: string, body: (name: string) => string): string {
  const name = `__icp_${hash(expr)}`;
  if (staging) {
    if (!staging.has(name)) staging.set(name, { sql: expr, depth: depthOf(expr, staging) });
    return body(name);
  }
  return `arrayElement(arrayMap(${name} -> ${body(name)}, [${expr}]), 1)`;
}

/** A value `clickHouseLet` staged: its SQL and its stage (1 reads only the table's columns). */
export interface StagedLet {
  readonly sql: string;
  readonly depth: number;
}

/** Where `clickHouseLet` stages its values while `stageClickHouseLets` runs. */
let staging: Map<string, StagedLet> | undefined;

/**
 * Runs `build` with every `clickHouseLet` in it staged into `lets` (name -> value) instead of
 * written as a lambda over a one-element array: the caller puts each value in a nested SELECT
 * (`stagedSelects`) and `build`'s SQL names it as a column. On 18.16 the lambdas were most of
 * the scoring's time: every arrayMap builds an array per row and copies the columns its lambda
 * reads into it, and the readings nest them several deep. A column of a subquery is computed
 * once and, unlike an alias, not pasted in at each use.
 */
export function stageClickHouseLets<T>(lets: Map<string, StagedLet>, build: () => T): T {
  const outer = staging;
  staging = lets;
  try {
    return build();
  } finally {
    staging = outer;
  }
}

/** 1 + the deepest staged value `sql` names (a value's stage comes after those it reads). */
function depthOf(sql: string, lets: ReadonlyMap<string, StagedLet>): number {
  let depth = 1;
  for (const name of sql.match(/__icp_[0-9a-f]{16}/g) ?? [])
    depth = Math.max(depth, (lets.get(name)?.depth ?? 0) + 1);
  return depth;
}

/**
 * The staged values as nested SELECTs around `from` (innermost first): each stage adds the
 * values of its depth to every column of the one inside it.
 */
export function stagedSelects(lets: ReadonlyMap<string, StagedLet>, from: string): string {
  const stages: string[][] = [];
  for (const [name, v] of lets) {
    const stage = stages[v.depth - 1] ?? [];
    stage.push(`${v.sql} AS ${name}`);
    stages[v.depth - 1] = stage;
  }
  return stages.reduce(
    (inner, columns) => `(SELECT *, ${columns.join(',\n      ')} FROM ${inner})`,
    from,
  );
}

/** FNV-1a over the text, 32 bits, twice (two offsets) for 64 bits of hex. */
function hash(text: string): string {
  const one = (offset: number) => {
    let h = offset;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    return h.toString(16).padStart(8, '0');
  };
  return one(2166136261) + one(84696351);
}
