import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/**
 * Key phrases of a text, lemmatised, by part of speech (wink-nlp with its English light model,
 * which ships inside its npm package: no download at run time). Kept outside `core` because the
 * model is 4 MB of data the pure layer (and the browser bundle) need not carry; it is pure
 * JavaScript, with no Node built-in.
 *
 * The rule, meant to be explained in one sentence (docs/voc.md): a key phrase is a run of
 * adjectives, nouns and participles ending in a noun ("cheaper plans" -> "cheap plan",
 * "missing features" -> "missing feature"), at most its last three words, each noun and
 * adjective reduced to its lemma; an adjective standing alone ("too expensive") is a phrase of
 * one word. Stop words, numbers and punctuation end a phrase. Every phrase also yields its
 * shorter endings ("shopify pos integration" -> "pos integration", "integration"), so phrases
 * that share a head can be grouped later.
 */
export type PhraseExtractor = (text: string) => string[];

/** Words too generic to be the head of a theme, on top of the model's stop words. */
const GENERIC = new Set([
  'hi',
  'hello',
  'thanks',
  'thank',
  'regard',
  'regards',
  'lot',
  'thing',
  'something',
  'anything',
  'everything',
  'way',
  'bit',
  'etc',
  'ok',
  'okay',
]);

const MAX_WORDS = 3;

/** Loads the model once (about 0.3 s) and returns the extractor; reuse it for every text. */
export function createPhraseExtractor(): PhraseExtractor {
  const nlp = winkNLP(model, ['pos']);
  const its = nlp.its;
  return (text) => {
    // "month-end" is two words, as people also write it; lower case keeps the tagger from
    // reading every capitalised first word as a proper noun.
    const doc = nlp.readDoc(text.toLowerCase().replace(/(\p{L})[-/](\p{L})/gu, '$1 $2'));
    const tokens = doc.tokens();
    const values = tokens.out(its.value) as string[];
    const pos = tokens.out(its.pos) as string[];
    // The types say lemma takes the model's addons; wink passes them itself.
    const lemmas = tokens.out(its.lemma as Parameters<typeof tokens.out>[0]) as string[];
    const stop = tokens.out(its.stopWordFlag) as boolean[];
    const out = new Set<string>();
    let run: { word: string; noun: boolean; adjective: boolean }[] = [];
    const flush = () => {
      // Trailing adjectives after the last noun stand on their own ("plan too expensive").
      let end = run.length;
      while (end > 0 && !run[end - 1]!.noun) end--;
      if (end > 0) emit(run.slice(0, end), out);
      for (const w of run.slice(end)) if (w.adjective && w.word.length > 2) out.add(w.word);
      run = [];
    };
    for (let i = 0; i < values.length; i++) {
      const p = pos[i];
      const word = p === 'VERB' ? (values[i] ?? '') : (lemmas[i] ?? '');
      const usable =
        !stop[i] &&
        /\p{L}/u.test(word) &&
        word.length > 1 &&
        !GENERIC.has(word) &&
        !/\d/.test(word);
      const noun = p === 'NOUN' || p === 'PROPN';
      const participle =
        p === 'VERB' && /(ing|ed)$/.test(word) && (pos[i + 1] === 'NOUN' || pos[i + 1] === 'ADJ');
      if (usable && (noun || p === 'ADJ' || participle))
        run.push({ word, noun, adjective: p === 'ADJ' });
      else flush();
    }
    flush();
    return [...out];
  };
}

/** A run ending in a noun: its last MAX_WORDS words and every shorter ending. */
function emit(run: readonly { word: string }[], out: Set<string>): void {
  const words = run.slice(-MAX_WORDS).map((w) => w.word);
  for (let k = words.length - 1; k >= 0; k--) out.add(words.slice(k).join(' '));
}
