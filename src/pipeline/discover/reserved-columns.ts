/**
 * Columns whose names the discovery queries use for their own columns (compared as DuckDB
 * compares names, in any case), left out with the reason: a lead or deal export often has an
 * `account_id`, which would otherwise be read in place of the rows' key. Returns the other headers
 * (to learn from) and the reserved ones with their reasons.
 */
export function reservedColumns(candidates: readonly string[]) {
  const reserved: { attribute: string; reason: string }[] = [];
  const headers: string[] = [];
  for (const h of candidates) {
    const name = h.toLowerCase();
    if (name === 'account_id')
      reserved.push({
        attribute: h,
        reason: `an identifier: the account id (pass --account ${h} when rows of one account should share a fold)`,
      });
    else if (['_target', '_bad', '_unit', '_cluster', '_include'].includes(name))
      reserved.push({
        attribute: h,
        reason:
          'its name is one discovery uses for its own columns: rename the column to learn from it',
      });
    else headers.push(h);
  }
  return { headers, reserved };
}
