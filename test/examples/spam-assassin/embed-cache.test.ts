import { describe, expect, it } from 'vitest';
import { embedEmail } from '../../../examples/spam-assassin/embed.ts';
import { cachedEmbedder } from '../../../examples/spam-assassin/embed-cache.ts';
import { tinyVocabulary } from './model-fixtures.ts';

describe('Function: cachedEmbedder', () => {
  it('returns what embedEmail returns, and the same object for the same text', () => {
    const vocabulary = tinyVocabulary();
    const embed = cachedEmbedder(vocabulary);

    const first = embed('Subject: free money\n\nproject');
    const again = embed('Subject: free money\n\nproject');

    expect(first).toEqual(embedEmail(vocabulary, 'Subject: free money\n\nproject'));
    expect(again).toBe(first);
  });

  it('embeds anew once the cache has been emptied past its size', () => {
    const embed = cachedEmbedder(tinyVocabulary(), 2);

    const first = embed('free');
    embed('money');
    embed('project');

    expect(embed('free')).not.toBe(first);
    expect(embed('free')).toEqual(first);
  });
});
