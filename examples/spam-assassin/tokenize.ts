/** Changes to the rules below must change this, so cached vocabularies are rebuilt. */
export const TOKENIZER_VERSION = 'letters-v1';

const WORD = /\p{L}+(?:['\u2019]\p{L}+)*/gu;
const APOSTROPHE = /['\u2019]/;

/**
 * Lowercased words made of letters. A word with an apostrophe keeps the part
 * before it (`it's` -> `it`), except `n't`, which becomes its stem and `not`
 * (`don't` -> `do not`), as GloVe's tokenizer split them. Digits, punctuation
 * and symbols separate words and are dropped.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];

  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    const [stem = '', clitic] = word.split(APOSTROPHE);
    if (clitic === 't' && stem.endsWith('n') && stem.length > 1) {
      tokens.push(stem.slice(0, -1), 'not');
    } else {
      tokens.push(stem);
    }
  }
  return tokens;
}
