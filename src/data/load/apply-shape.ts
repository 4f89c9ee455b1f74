import type { ColumnMapping, SourceConfig } from '../../core/config/schema.js';
import type { TableName } from '../../core/model/canonical.js';
import type { ShapeColumn } from '../../core/shapes/export-shape.js';
import { rankShapes, type ShapeMatch } from '../../core/shapes/match-shape.js';

/** A shape's column as a config mapping: the header alone, or with its units. */
export function shapeMapping(c: ShapeColumn): ColumnMapping {
  const { header, ...units } = c;
  return Object.keys(units).length === 0 ? header : { column: header, ...units };
}

/**
 * The source with the columns its export shape gives filled in (the config's own mapping
 * wins, and a header the config maps is never taken twice), so a HubSpot or Stripe export
 * loads with nothing but its path. Returns the shape too, for the profile to name.
 */
export function withShapeColumns(
  table: TableName,
  headers: readonly string[],
  source: SourceConfig,
): { source: SourceConfig; shape: ShapeMatch | undefined } {
  const shape = rankShapes(headers, { table, file: source.path })[0];
  if (!shape) return { source, shape };
  const configured = source.columns ?? {};
  const taken = new Set(
    Object.values(configured).map((m) => (typeof m === 'string' ? m : m.column)),
  );
  const added: Record<string, ColumnMapping> = {};
  for (const [canonical, c] of Object.entries(shape.columns)) {
    if (canonical in configured || taken.has(c.header)) continue;
    if (canonical === 'account_id' && source.account_from) continue;
    added[canonical] = shapeMapping(c);
  }
  return { source: { ...source, columns: { ...added, ...configured } }, shape };
}
