import { describe, expect, it } from 'vitest';
import { createPhraseExtractor } from './key-phrases.js';

const extract = createPhraseExtractor();

describe('key phrases', () => {
  it.each([
    ['Cheaper plans for small stores?', ['plan', 'cheap plan', 'store', 'small store']],
    ['missing features', ['feature', 'missing feature']],
    ['too expensive', ['expensive']],
    ['switched to competitor', ['competitor']],
    [
      'Please add a Shopify POS integration',
      ['integration', 'pos integration', 'shopify pos integration'],
    ],
    ['Our month-end close takes days', ['end', 'month end', 'day']],
    ['Too many issues, considering other options', ['issue', 'option']],
    // The tagger reads "team" after "hi" as a verb: a short greeting yields nothing.
    ['Hi team, thanks!', []],
    ['The support team answered fast', ['team', 'support team']],
    ['', []],
  ])('%j -> %j', (text, phrases) => {
    expect(extract(text)).toEqual(phrases);
  });
});
