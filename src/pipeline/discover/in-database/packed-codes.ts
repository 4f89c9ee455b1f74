import type { SqlDialect } from '../../../core/parse/cell-sql.js';

/** 62 characters, one per base-62 digit: a code is written in as many digits as its column needs. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base-62 digits a code of `bins` bins needs (codes 0 to bins - 1). */
export function codeWidth(bins: number): number {
  let width = 1;
  for (let top = ALPHABET.length; top < bins; top *= ALPHABET.length) width++;
  return width;
}

/** SQL of one text holding the codes (SQL integers from 0), each in `widths` base-62 digits. */
export function packedCodesSql(
  dialect: SqlDialect,
  codes: readonly string[],
  widths: readonly number[],
): string {
  const letters = `[${[...ALPHABET].map((c) => `'${c}'`).join(', ')}]`;
  // Digit d of a code: its quotient by 62^d (integer division in each engine), mod 62.
  const digit = (x: string, d: number) => {
    const scale = ALPHABET.length ** d;
    if (dialect === 'clickhouse')
      return `arrayElement(${letters}, toUInt32(intDiv(${x}, ${scale}) % 62) + 1)`;
    const quotient =
      d === 0 ? `CAST(${x} AS INTEGER)` : `CAST(floor((${x}) / ${scale}) AS INTEGER)`;
    return `substr('${ALPHABET}', ${quotient} % 62 + 1, 1)`;
  };
  const parts = codes.flatMap((c, j) =>
    Array.from({ length: widths[j] as number }, (_, i) => digit(c, (widths[j] as number) - 1 - i)),
  );
  return parts.length === 1 ? (parts[0] as string) : `concat(${parts.join(', ')})`;
}

/** The codes in a text `packedCodesSql` wrote. */
export function unpackCodes(text: string, widths: readonly number[]): number[] {
  const out = new Int32Array(widths.length);
  unpackInto(text, widths, out);
  return [...out];
}

/** `unpackCodes` into `out` (one code per width). */
export function unpackInto(text: string, widths: readonly number[], out: Int32Array): void {
  let at = 0;
  widths.forEach((w, j) => {
    let code = 0;
    for (let c = 0; c < w; c++) code = code * ALPHABET.length + ALPHABET.indexOf(text[at++] ?? '');
    out[j] = code;
  });
}
