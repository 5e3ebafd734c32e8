import { describe, expect, it } from 'vitest';
import { embedEmail, embedTokens } from '../../../examples/spam-assassin/embed.ts';
import { createVocabulary } from '../../../examples/spam-assassin/vocabulary.ts';

const INFO = { source: 'fake', tokenizer: 'letters-v1', fingerprint: 'f' };
const VOCABULARY = createVocabulary(
  ['free', 'money', 'not'],
  Float32Array.from([1, 0, 0, 3, -2, 2]),
  2,
  INFO,
);

describe('Function: embedTokens', () => {
  it('averages the vectors of known words, repeats counted, unknown words skipped', () => {
    const embedding = embedTokens(VOCABULARY, ['free', 'free', 'money', 'zzz']);

    expect(Array.from(embedding.vector)).toEqual([Math.fround(2 / 3), 1]);
    expect(embedding.knownWords).toBe(3);
    expect(embedding.totalWords).toBe(4);
  });

  it('returns a zero vector and knownWords 0 when no word is known', () => {
    const embedding = embedTokens(VOCABULARY, ['zzz', 'qqq']);

    expect(Array.from(embedding.vector)).toEqual([0, 0]);
    expect(embedding.knownWords).toBe(0);
  });
});

describe('Function: embedEmail', () => {
  it('embeds every word of the message as sent, headers included', () => {
    const text = "From: money@free.com\nSubject: FREE\n\nMoney? Don't.";

    const embedding = embedEmail(VOCABULARY, text);

    // money, free (From), free (Subject), money, not (body)
    expect(embedding.knownWords).toBe(5);
    expect(Array.from(embedding.vector)).toEqual(
      [(0 + 1 + 1 + 0 - 2) / 5, (3 + 0 + 0 + 3 + 2) / 5].map(Math.fround),
    );
  });
});
