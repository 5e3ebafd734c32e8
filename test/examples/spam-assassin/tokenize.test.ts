import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../examples/spam-assassin/tokenize.ts';

describe('Function: tokenize', () => {
  it('lowercases runs of letters and drops digits, punctuation and symbols', () => {
    expect(tokenize('FREE $$$ Money!!! Call 1-800-555 now, e-mail me.')).toEqual([
      'free',
      'money',
      'call',
      'now',
      'e',
      'mail',
      'me',
    ]);
  });

  it("keeps the part before an apostrophe and turns n't into not", () => {
    expect(tokenize("It's what we don't know, isn\u2019t it? O'Brien's")).toEqual([
      'it',
      'what',
      'we',
      'do',
      'not',
      'know',
      'is',
      'not',
      'it',
      'o',
    ]);
  });

  it('keeps letters outside ASCII', () => {
    expect(tokenize('Café Über straße')).toEqual(['café', 'über', 'straße']);
  });

  it('returns no token for text without letters', () => {
    expect(tokenize('12 34 -- !!')).toEqual([]);
  });
});
