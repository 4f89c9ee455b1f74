import type { SourceConfig } from '../../core/config/schema.js';

export type Stage = 'won' | 'lost' | 'open';

/** Stage values recognised without a mapping, compared lower-cased with spaces collapsed. */
const DEFAULT_WON = ['won', 'closed won', 'closedwon', 'closed_won', 'closed-won', 'win'];
const DEFAULT_LOST = ['lost', 'closed lost', 'closedlost', 'closed_lost', 'closed-lost', 'loss'];

export interface StageMapping {
  readonly won: readonly string[];
  readonly lost: readonly string[];
  /** undefined: any other value is open (with a warning naming them). */
  readonly open: readonly string[] | undefined;
}

export function stageMapping(source: SourceConfig): StageMapping {
  const v = source.values?.stage;
  const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  return {
    won: (v?.won ?? DEFAULT_WON).map(key),
    lost: (v?.lost ?? DEFAULT_LOST).map(key),
    open: v?.open?.map(key),
  };
}

/** SQL key of a stage value, matching the keys of `stageMapping`. */
export function stageKeyExpr(text: string): string {
  return `regexp_replace(lower(${text}), '\\s+', ' ', 'g')`;
}
