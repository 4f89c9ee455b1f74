import { Document, isMap, isScalar } from 'yaml';
import type { SourceConfig } from '../../core/config/schema.js';
import type { TableName } from '../../core/model/canonical.js';

export interface InitSource {
  readonly table: TableName;
  readonly source: SourceConfig;
  /** Said above the source in the file: which export it was taken for, and how sure. */
  readonly comment: string;
}

/** Where the config sits: the data folder as it names it, and its own file name. */
export interface InitPlace {
  /** "this folder", or the data folder relative to the config's. */
  readonly from: string;
  readonly name: string;
}

/** A target written into the config when the default one cannot be measured, and why. */
export interface InitTarget {
  readonly kind: 'won';
  /** Said above the target in the file. */
  readonly why: string;
  /** Said among init's notes. */
  readonly note: string;
}

/** The starter config, each source under a comment saying what it was recognised as. */
export function initYaml(
  sources: readonly InitSource[],
  place: InitPlace = { from: 'this folder', name: 'icp.config.yaml' },
  target?: InitTarget,
): string {
  const doc = new Document({
    version: 1,
    currency: 'USD',
    ...(target ? { target: { kind: target.kind } } : {}),
    sources: Object.fromEntries(sources.map((s) => [s.table, s.source])),
  });
  const from = place.from === 'this folder' ? place.from : `the folder ${place.from}`;
  doc.commentBefore = ` Written by "icp init" from the files in ${from}. Review the guesses, then run:\n   icp check --config ${place.name}`;
  const top = doc.contents;
  if (target && isMap(top)) {
    const key = top.items.find((p) => isScalar(p.key) && p.key.value === 'target')?.key;
    if (isScalar(key)) key.commentBefore = ` ${target.why}`;
  }
  const map = doc.get('sources', true);
  if (isMap(map)) {
    for (const pair of map.items) {
      const key = pair.key;
      const s = sources.find((x) => isScalar(key) && x.table === key.value);
      if (s && isScalar(key)) key.commentBefore = ` ${s.comment}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}
