/**
 * The name of a DuckDB table or view made by one call for its caller, safe to write into SQL
 * as is. Its type says it came from `uniqueTable`: a caller reads the tables it was handed, never
 * a name another verb made up, and no two calls share (or overwrite) one.
 */
export type TableRef = string & { readonly __tableRef: 'TableRef' };

let made = 0;

/**
 * A name no other call of this process gets: `stem`, two underscores and a counter (`_value__12`). Names never
 * reach an output, so the counter leaves every output byte-identical from run to run.
 */
export function uniqueTable(stem: string): TableRef {
  made += 1;
  return `${stem}__${made}` as TableRef;
}
