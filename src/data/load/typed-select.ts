import { type TableName, tableSpec } from '../../core/model/canonical.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import type { ResolvedColumns } from '../source/resolve-columns.js';
import type { ColumnExprs } from './column-checks.js';
import type { ExtraColumn } from './extra-columns.js';
import { textExpr, numberExpr } from './parse-sql.js';
import { type StageMapping, stageKeyExpr } from './stage-mapping.js';
import { type Synonyms, synonymSql } from './synonyms.js';
import { applyUnits } from './unit-sql.js';

/** The column holding each row's place in its file (header = row 1), for messages. */
export const SOURCE_ROW = '_source_row';

export interface TypedColumns {
  readonly resolved: ResolvedColumns;
  /** The parsed table's columns per canonical column (see parse-pass.ts). */
  readonly aliases: Readonly<Record<string, ColumnExprs>>;
  readonly stages: StageMapping;
  readonly extras: readonly ExtraColumn[];
  readonly synonyms: Synonyms;
}

/**
 * The SELECT list of the typed canonical table over the parsed table `r`: the source row,
 * every canonical column in its type (units applied, stages as won / lost / open, category
 * spellings as the config's labels), then the extra attribute columns.
 */
export function typedSelect(name: TableName, rowBase: number, c: TypedColumns): string[] {
  const spec = tableSpec(name);
  const select: string[] = [`CAST(r.__icp_rid + ${rowBase} AS BIGINT) AS ${SOURCE_ROW}`];
  for (const [canonical, col] of Object.entries(c.resolved.mapped)) {
    const alias = c.aliases[canonical];
    const e = alias && { text: `r.${alias.text}`, parsed: `r.${alias.parsed}` };
    const colSpec = spec.columns[canonical];
    if (!e || !colSpec) continue;
    const id = quoteIdent(canonical);
    switch (colSpec.type) {
      case 'number':
        select.push(`${applyUnits(e.parsed, col, 'r')} AS ${id}`);
        break;
      case 'integer':
        select.push(`CAST(${applyUnits(e.parsed, col, 'r')} AS BIGINT) AS ${id}`);
        break;
      case 'stage':
        select.push(...stageColumns(e.text, id, c.stages));
        break;
      default:
        select.push(`${synonymSql(e.parsed, c.synonyms.get(canonical))} AS ${id}`);
    }
  }
  for (const x of c.extras) {
    select.push(
      `${extraValue(x, c.synonyms)(`r.${quoteIdent(x.header)}`)} AS ${quoteIdent(x.name)}`,
    );
  }
  return select;
}

/** The SQL value of an extra column's cell (`cell` a SQL expression): a number, or its label. */
export function extraValue(x: ExtraColumn, synonyms: Synonyms): (cell: string) => string {
  return (cell) => {
    const t = textExpr(cell);
    return x.type === 'number' ? numberExpr(t) : synonymSql(t, synonyms.get(x.name));
  };
}

/** A deal stage as won, lost or open (anything not listed as closed), and its own label. */
function stageColumns(text: string, id: string, stages: StageMapping): string[] {
  const k = stageKeyExpr(text);
  const list = (xs: readonly string[]) => xs.map(quoteLiteral).join(', ') || 'NULL';
  return [
    `CASE WHEN ${text} IS NULL THEN NULL WHEN ${k} IN (${list(stages.won)}) THEN 'won' WHEN ${k} IN (${list(stages.lost)}) THEN 'lost' ELSE 'open' END AS ${id}`,
    `${text} AS stage_label`,
  ];
}
