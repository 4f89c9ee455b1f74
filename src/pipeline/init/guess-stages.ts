import { classifyStage } from '../../core/shapes/classify-stage.js';
import type { ShapeMatch } from '../../core/shapes/match-shape.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num, str } from '../../data/db/database.js';

/** Stage labels sorted into won, lost and open, with the sentence saying how. */
export interface StageGuess {
  readonly won: readonly string[];
  readonly lost: readonly string[];
  readonly open: readonly string[];
  readonly note: string;
}

const TRUE = "('true', '1', 'yes', 'y', 't', 'x', 'checked')";
const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ') || 'none';

/**
 * Reads the stage labels of a deals file and sorts them: by the file's won / closed yes-no
 * columns when it has them (Salesforce IsWon / IsClosed, HubSpot "Is Closed Won"), a label
 * taking the answer most of its rows give; else by the words of each label.
 */
export async function guessStages(
  db: Database,
  rawTable: string,
  file: string,
  match: ShapeMatch,
): Promise<StageGuess | undefined> {
  const stage = match.columns.stage?.header;
  if (stage === undefined) return undefined;
  const text = (h: string) => `lower(trim(CAST(${quoteIdent(h)} AS VARCHAR)))`;
  const { won, closed } = match.flags;
  const rows = await db.all(
    `SELECT trim(CAST(${quoteIdent(stage)} AS VARCHAR)) AS v, count(*) AS n,
       ${won ? `count(*) FILTER (WHERE ${text(won)} IN ${TRUE})` : 'NULL'} AS w,
       ${closed ? `count(*) FILTER (WHERE ${text(closed)} IN ${TRUE})` : 'NULL'} AS c
     FROM ${rawTable} WHERE v IS NOT NULL AND v <> '' GROUP BY 1 ORDER BY 1`,
  );
  const sorted = { won: [] as string[], lost: [] as string[], open: [] as string[] };
  for (const r of rows) {
    const label = str(r.v) ?? '';
    const n = num(r.n);
    const outcome = won
      ? num(r.w) * 2 > n
        ? 'won'
        : closed
          ? num(r.c) * 2 > n
            ? 'lost'
            : 'open'
          : classifyStage(label) === 'lost'
            ? 'lost'
            : 'open'
      : classifyStage(label);
    sorted[outcome].push(label);
  }
  const how = won ? `from "${won}"${closed ? ` and "${closed}"` : ''}` : 'from the stage names';
  const note =
    sorted.won.length === 0 && sorted.lost.length === 0
      ? `${file}: could not tell won from lost among the stages (${list(sorted.open.slice(0, 8))}); every deal would count as open. Set sources.deals.values.stage (see docs/config.md).`
      : `${file}: stages ${list(sorted.won)} taken as won, ${list(sorted.lost)} as lost, ${list(sorted.open)} as open (${how}).${sorted.lost.length === 0 ? ' No stage reads as lost: check the export holds closed deals.' : ''}`;
  return { ...sorted, note };
}
