import { describe, expect, it } from 'vitest';
import { groundTruthLines } from '../../../functions/analyze/labeling.ts';

describe('Function: groundTruthLines', () => {
  it('names each queued sample as Ground Truth reads it, whatever its input', () => {
    const queue = ['s3', 'text', 'object', 'none'].map((id, i) => ({
      id,
      aggressorId: 'a1',
      distance: i,
    }));
    const pool = [
      { id: 's3', input: 's3://bucket/mail/1.eml', metadata: {} },
      { id: 'text', input: 'Subject: hello', metadata: {} },
      { id: 'object', input: { subject: 'hello' }, metadata: {} },
      { id: 'none', metadata: {} },
    ];

    expect(groundTruthLines(queue, pool)).toEqual([
      {
        'source-ref': 's3://bucket/mail/1.eml',
        'sample-id': 's3',
        'aggressor-id': 'a1',
        distance: 0,
      },
      {
        source: 'Subject: hello',
        'sample-id': 'text',
        'aggressor-id': 'a1',
        distance: 1,
      },
      {
        source: '{"subject":"hello"}',
        'sample-id': 'object',
        'aggressor-id': 'a1',
        distance: 2,
      },
      // Precomputed embeddings, no input: its id, not the text "null".
      { source: 'none', 'sample-id': 'none', 'aggressor-id': 'a1', distance: 3 },
    ]);
  });
});
