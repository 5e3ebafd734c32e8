import { describe, expect, it } from 'vitest';
import { queuedSampleIds } from '../../../examples/spam-assassin/labeling-queue.ts';

const FILE = 'results/p/v1/r/labeling-queue.manifest';

describe('Function: queuedSampleIds', () => {
  it('returns the sample ids of the Ground Truth lines in queue order, skipping blank lines', () => {
    const text = [
      JSON.stringify({ source: 'mail b', 'sample-id': 'pool/b', distance: 0.1 }),
      '',
      JSON.stringify({ 'source-ref': 's3://x/a', 'sample-id': 'pool/a' }),
      '',
    ].join('\n');

    expect(queuedSampleIds(text, FILE)).toEqual(['pool/b', 'pool/a']);
  });

  it('returns no ids for an empty queue', () => {
    expect(queuedSampleIds('', FILE)).toEqual([]);
  });

  it('names the file and line of a line that is not JSON', () => {
    const text = `${JSON.stringify({ 'sample-id': 'a' })}\n{oops`;

    expect(() => queuedSampleIds(text, FILE)).toThrow(
      `not valid JSON (file ${FILE}, line 2, value "{oops")`,
    );
  });

  it('names the line whose sample-id is missing', () => {
    const text = JSON.stringify({ source: 'mail', 'sample-id': 7 });

    expect(() => queuedSampleIds(text, FILE)).toThrow(
      `expected a string sample-id (file ${FILE}, line 1, field sample-id`,
    );
  });
});
