import {
  BOOLEAN,
  type DuckDBBooleanVector,
  type DuckDBIntegerVector,
  DuckDBScalarFunction,
  INTEGER,
} from '@duckdb/node-api';
import type { Database } from './database.js';

/**
 * Registers on `db` a scalar function `name(code0, ..., code<codes - 1>)` of INTEGER codes that
 * counts each distinct combination of codes it is called with and returns bit 0 of code0 as a
 * BOOLEAN: a query that writes its rows can count them by kind in the same pass. DuckDB calls
 * it once per chunk of rows from its own threads; counting commutes, so the order chunks come
 * in does not matter. `seen()` gives each combination ("c0,c1,...") and its rows.
 */
export function registerCodeTally(
  db: Database,
  name: string,
  codes: number,
): { seen: () => ReadonlyMap<string, number> } {
  const seen = new Map<string, number>();
  db.connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name,
      returnType: BOOLEAN,
      parameterTypes: Array.from({ length: codes }, () => INTEGER),
      // Volatile: called for every row, never folded or shared between rows.
      volatile: true,
      mainFunction: (_info, input, output) => {
        const vectors = Array.from(
          { length: codes },
          (_, k) => input.getColumnVector(k) as DuckDBIntegerVector,
        );
        const out = output as DuckDBBooleanVector;
        for (let row = 0; row < input.rowCount; row++) {
          const first = vectors[0]!.getItem(row) ?? 0;
          let key = String(first);
          for (let k = 1; k < codes; k++) key += `,${vectors[k]!.getItem(row) ?? 0}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          out.setItem(row, (first & 1) === 1);
        }
        out.flush();
      },
    }),
  );
  return { seen: () => seen };
}
