/**
 * Salesforce record ids. A record has a 15-character id, case-sensitive, and an 18-character
 * form that appends three characters encoding the case of the first fifteen, so that tools
 * which ignore case (spreadsheets, the Data Import Wizard's matching) still tell ids apart.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Key prefix of Account ids: the first three characters name the object. */
export const ACCOUNT_KEY_PREFIX = '001';

/**
 * The 18-character form of a 15- or 18-character id (an 18-character id is returned as is).
 *
 * @example salesforceId18('001D000000IqhSL') // => '001D000000IqhSLIAZ'
 */
export function salesforceId18(id: string): string {
  if (id.length === 18) return id;
  if (id.length !== 15) throw new RangeError(`a Salesforce id has 15 or 18 characters: ${id}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) flags += 1 << i;
    }
    suffix += SUFFIX_ALPHABET[flags];
  }
  return id + suffix;
}

/** What is wrong with a Salesforce id, in words, or undefined when it is a well-formed one. */
export function salesforceIdProblem(id: string): string | undefined {
  if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(id))
    return 'is not a Salesforce id (15 or 18 letters and digits)';
  if (id.length === 18 && salesforceId18(id.slice(0, 15)) !== id)
    return 'is not a Salesforce id: its last three characters do not match the case of the first fifteen (was it retyped or changed to capitals?)';
  return undefined;
}

/**
 * DuckDB SQL turning the 15-character ids of `expr` into their 18-character form; other
 * values pass through unchanged. Same algorithm as salesforceId18.
 */
export function salesforceId18Sql(expr: string): string {
  const chunk = (k: number) =>
    `substr('${SUFFIX_ALPHABET}', 1 + ${[0, 1, 2, 3, 4]
      .map(
        (i) =>
          `(CASE WHEN regexp_full_match(substr(${expr}, ${k * 5 + i + 1}, 1), '[A-Z]') THEN ${1 << i} ELSE 0 END)`,
      )
      .join(' + ')}, 1)`;
  return `(CASE WHEN length(${expr}) = 15 THEN ${expr} || ${chunk(0)} || ${chunk(1)} || ${chunk(2)} ELSE ${expr} END)`;
}
