import { buildThemes, type ThemeDraft } from '../../core/text/build-themes.js';
import { VOC_LENSES, type VocLens } from '../../core/text/voc-result.js';
import type { Database } from '../../data/db/database.js';
import { createPhraseExtractor, type PhraseExtractor } from '../../data/text/key-phrases.js';
import { DOCS_TABLE, READ_CHARS } from './voc-documents.js';

/** (doc_id, lens, theme): which documents mention which theme. */
export const MENTIONS_TABLE = '_voc_mentions';

/** A growable Int32Array: millions of ids without millions of JS numbers in arrays. */
class IntList {
  private data = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  at(i: number): number {
    return this.data[i] as number;
  }
  slice(from: number, to: number): Int32Array {
    return this.data.subarray(from, to);
  }
}

/** The documents' phrases, held as ids in flat typed arrays. */
interface PhraseIndex {
  readonly phrases: string[];
  readonly docIds: IntList;
  readonly accNo: IntList;
  readonly lens: IntList;
  /** Document k's phrase ids are ids[offsets[k]] .. ids[offsets[k+1]-1]. */
  readonly offsets: IntList;
  readonly ids: IntList;
}

export interface ExtractedThemes {
  readonly themes: Readonly<Record<VocLens, readonly ThemeDraft[]>>;
  readonly documents: number;
}

/**
 * Reads every document of `_voc_docs` once, streamed in DuckDB's chunks in account order (never
 * all rows as objects), turns each into its key phrases (`key-phrases.ts`), groups phrases into
 * themes per lens (`core/text/build-themes.ts`) and writes which document mentions which theme
 * into `_voc_mentions` with DuckDB's appender. Only phrase ids stay in memory: a few typed
 * arrays for a million documents.
 */
export async function extractThemes(
  db: Database,
  options: {
    readonly minAccounts: number;
    readonly maxThemes: number;
    readonly extractor?: PhraseExtractor;
  },
): Promise<ExtractedThemes> {
  const index = await readPhrases(db, options.extractor ?? createPhraseExtractor());
  const n = index.docIds.length;
  const themes = {} as Record<VocLens, readonly ThemeDraft[]>;
  const themeOf = {} as Record<VocLens, Int32Array>;
  VOC_LENSES.forEach((lens, l) => {
    const docs = new Int32Array(index.phrases.length);
    const accounts = new Int32Array(index.phrases.length);
    const lastAccount = new Int32Array(index.phrases.length).fill(-1);
    const forEachDocument = (visit: (ids: ArrayLike<number>) => void) => {
      for (let k = 0; k < n; k++)
        if (index.lens.at(k) === l)
          visit(index.ids.slice(index.offsets.at(k), index.offsets.at(k + 1)));
    };
    for (let k = 0; k < n; k++) {
      if (index.lens.at(k) !== l) continue;
      const acc = index.accNo.at(k);
      for (let j = index.offsets.at(k); j < index.offsets.at(k + 1); j++) {
        const p = index.ids.at(j);
        docs[p] = (docs[p] as number) + 1;
        // Documents come in account order, so a change of account is a new account.
        if (lastAccount[p] !== acc) {
          lastAccount[p] = acc;
          accounts[p] = (accounts[p] as number) + 1;
        }
      }
    }
    const built = buildThemes({ phrases: index.phrases, docs, accounts, forEachDocument }, options);
    themes[lens] = built.themes;
    themeOf[lens] = built.themeOf;
  });
  await writeMentions(db, index, themeOf);
  return { themes, documents: n };
}

async function readPhrases(db: Database, extract: PhraseExtractor): Promise<PhraseIndex> {
  const dictionary = new Map<string, number>();
  const index: PhraseIndex = {
    phrases: [],
    docIds: new IntList(),
    accNo: new IntList(),
    lens: new IntList(),
    offsets: new IntList(),
    ids: new IntList(),
  };
  index.offsets.push(0);
  const lensNo = new Map(VOC_LENSES.map((l, i) => [l as string, i]));
  const result = await db.connection.stream(
    `SELECT doc_id, acc_no, lens, left(text, ${READ_CHARS}) AS text FROM ${DOCS_TABLE} ORDER BY acc_no, doc_id`,
  );
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const [docIds, accNos, lenses, texts] = [0, 1, 2, 3].map((c) => chunk.getColumnValues(c));
    for (let r = 0; r < chunk.rowCount; r++) {
      index.docIds.push(Number(docIds?.[r]));
      index.accNo.push(Number(accNos?.[r]));
      index.lens.push(lensNo.get(String(lenses?.[r])) ?? 0);
      for (const phrase of extract(String(texts?.[r] ?? ''))) {
        let id = dictionary.get(phrase);
        if (id === undefined) {
          id = index.phrases.length;
          dictionary.set(phrase, id);
          index.phrases.push(phrase);
        }
        index.ids.push(id);
      }
      index.offsets.push(index.ids.length);
    }
  }
  return index;
}

async function writeMentions(
  db: Database,
  index: PhraseIndex,
  themeOf: Readonly<Record<VocLens, Int32Array>>,
): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TABLE ${MENTIONS_TABLE} (doc_id INTEGER, lens VARCHAR, theme INTEGER)`,
  );
  const appender = await db.connection.createAppender(MENTIONS_TABLE);
  const seen = new Set<number>();
  for (let k = 0; k < index.docIds.length; k++) {
    const lens = VOC_LENSES[index.lens.at(k)] as VocLens;
    const map = themeOf[lens];
    seen.clear();
    for (let j = index.offsets.at(k); j < index.offsets.at(k + 1); j++) {
      const t = map[index.ids.at(j)] as number;
      if (t < 0 || seen.has(t)) continue;
      seen.add(t);
      appender.appendInteger(index.docIds.at(k));
      appender.appendVarchar(lens);
      appender.appendInteger(t);
      appender.endRow();
    }
  }
  appender.flushSync();
  appender.closeSync();
}
