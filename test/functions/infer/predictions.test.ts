import { describe, expect, it } from 'vitest';
import { readPredictions } from '../../../functions/infer/predictions.ts';

const good = { embedding: [1, 2], scores: [0.3, 0.7] };

describe('Function: readPredictions', () => {
  it('returns one output per id sent, matched by id whatever the order', () => {
    const text = JSON.stringify({
      predictions: [
        { id: 'b', embedding: [3], prediction: 'spam', loss: 0.2, heatmap: [[0, 1]] },
        { id: 'a', ...good },
      ],
    });

    expect(readPredictions(text, ['a', 'b'])).toEqual([
      { id: 'a', ...good },
      { id: 'b', embedding: [3], prediction: 'spam', loss: 0.2, heatmap: [[0, 1]] },
    ]);
  });

  it('fails a sample the response leaves out, naming the ids it gave instead', () => {
    const text = JSON.stringify({
      predictions: [
        { id: 'a', ...good },
        { id: 'zz', ...good },
      ],
    });

    expect(readPredictions(text, ['a', 'b'])[1]).toEqual({
      id: 'b',
      error:
        'response has no prediction for this id; it has predictions for unexpected ids "zz"',
    });
  });

  it('fails only the sample whose numbers are NaN or infinite', () => {
    const text =
      '{"predictions":[{"id":"a","embedding":[1,NaN]},' +
      '{"id":"b","embedding":[1],"loss":-Infinity},' +
      '{"id":"c","embedding":[1],"scores":[1e999]},' +
      '{"id":"NaN","embedding":[2]}]}';

    expect(readPredictions(text, ['a', 'b', 'c', 'NaN'])).toEqual([
      {
        id: 'a',
        error:
          'response prediction: field "embedding[1]" is not a finite number ' +
          '(got null; NaN and infinities read as null)',
      },
      {
        id: 'b',
        error:
          'response prediction: field "loss" is not a finite number ' +
          '(got null; NaN and infinities read as null)',
      },
      {
        id: 'c',
        error:
          'response prediction: field "scores[0]" is not a finite number ' +
          '(got Infinity; NaN and infinities read as null)',
      },
      { id: 'NaN', embedding: [2] },
    ]);
  });

  it('fails a sample without an embedding or with a malformed heatmap', () => {
    const text = JSON.stringify({
      predictions: [
        { id: 'a', scores: [1] },
        { id: 'b', embedding: [1], heatmap: [[0], 'x'] },
        { id: 'c', embedding: [1], prediction: { label: 'x' } },
      ],
    });

    expect(readPredictions(text, ['a', 'b', 'c']).map((o) => o.error)).toEqual([
      'response prediction: field "embedding" must be a non-empty array of numbers',
      'response prediction: field "heatmap[1]" must be an array of numbers',
      'response prediction: field "prediction" must be a number, got {"label":"x"}',
    ]);
  });

  it('fails every sample of a response that is not JSON or has no predictions', () => {
    expect(readPredictions('<html>', ['a'])).toEqual([
      { id: 'a', error: 'response is not valid JSON' },
    ]);
    expect(readPredictions('{"outputs":[]}', ['a'])).toEqual([
      { id: 'a', error: 'response has no "predictions" array' },
    ]);
  });
});
