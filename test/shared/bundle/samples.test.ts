import { describe, expect, it } from 'vitest';
import { parseSampleLine, readSamples } from '../../../shared/bundle/samples.ts';
import type { Manifest } from '../../../shared/bundle/types.ts';
import { catchBundleError, linesOf } from './helpers.ts';

const FILE = 'samples.jsonl';

const classification: Manifest = {
  schemaVersion: 1,
  project: 'pets',
  modelVersion: 'v1',
  task: 'classification',
  classes: ['cat', 'dog', 'bird'],
  scores: 'probabilities',
  samples: FILE,
};
const regression: Manifest = {
  ...classification,
  task: 'regression',
  classes: undefined,
  scores: undefined,
};
const custom: Manifest = { ...regression, task: 'custom' };
const predictionOnly: Manifest = { ...classification, scores: undefined };
const withInference: Manifest = {
  ...classification,
  inference: { endpoint: 'pets-v1' },
};

const good = {
  id: 'a',
  label: 'cat',
  metadata: { year: 2020 },
  embedding: [0.5, -1, 2],
  scores: [0.7, 0.2, 0.1],
};

/** One sample line: the good sample with `changes` applied (undefined removes). */
function line(changes: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...good, ...changes });
}

const parseAt =
  (text: string, manifest: Manifest = classification) =>
  () =>
    parseSampleLine(text, 7, FILE, manifest);

describe('Function: parseSampleLine', () => {
  it('returns the sample with every field it was given', () => {
    const text = line({
      input: { text: 'a cat' },
      prediction: 'cat',
      loss: 0.36,
      heatmap: [
        [0, 1],
        [1, 0],
      ],
    });

    const sample = parseSampleLine(text, 1, FILE, classification);

    expect(sample).toEqual(JSON.parse(text));
  });

  it('gives a sample without metadata an empty metadata object', () => {
    const sample = parseSampleLine(
      line({ metadata: undefined }),
      1,
      FILE,
      classification,
    );

    expect(sample.metadata).toEqual({});
  });

  it('keeps numeric metadata written as strings as strings', () => {
    const metadata = { year: '2019', zip: '02139', flag: true, camera: null };

    const sample = parseSampleLine(line({ metadata }), 1, FILE, classification);

    expect(sample.metadata).toEqual(metadata);
  });

  it.each([
    ['NaN', '{"id": "a", "scores": [0.5, NaN, 0.5]}', 'scores[1]'],
    ['-Infinity', '{"id": "a", "embedding": [1, -Infinity]}', 'embedding[1]'],
    ['Infinity', '{"id": "a", "metadata": {"ratio": Infinity}}', 'metadata.ratio'],
    ['NaN', '{"id": "a", "loss": NaN}', 'loss'],
  ])(
    'reports a bare %s token with the field that holds it',
    async (token, text, field) => {
      const error = await catchBundleError(parseAt(text), {
        file: FILE,
        line: 7,
        field,
        value: token,
      });

      expect(error.message).toContain(`${token} is not a JSON number`);
      expect(error.message).toContain('allow_nan=False');
    },
  );

  it('reports other invalid JSON with its column', async () => {
    const error = await catchBundleError(parseAt('{"id": "a",}'), {
      file: FILE,
      line: 7,
      value: '}',
    });

    expect(error.message).toBe(
      `${FILE} line 7: invalid JSON at column 12: expected a double-quoted property name, found "}"`,
    );
  });

  it('rejects a line that is not an object', async () => {
    await catchBundleError(parseAt('["a", 1]'), {
      file: FILE,
      line: 7,
      value: ['a', 1],
    });
  });

  it('rejects an unknown field', async () => {
    await catchBundleError(parseAt(line({ metdata: { a: 1 } })), {
      file: FILE,
      line: 7,
      field: 'metdata',
      value: { a: 1 },
    });
  });

  it('rejects a missing id', async () => {
    await catchBundleError(parseAt(line({ id: undefined })), {
      file: FILE,
      line: 7,
      field: 'id',
    });
  });

  it('rejects a numeric id suggesting to write it as a string', async () => {
    const error = await catchBundleError(parseAt(line({ id: 12 })), {
      file: FILE,
      line: 7,
      field: 'id',
      value: 12,
    });

    expect(error.message).toContain('str(i)');
  });

  it('rejects an empty id', async () => {
    await catchBundleError(parseAt(line({ id: '' })), {
      file: FILE,
      line: 7,
      field: 'id',
      value: '',
    });
  });

  it('rejects a label that is not one of the classes, listing them', async () => {
    const error = await catchBundleError(parseAt(line({ label: 'horse' })), {
      file: FILE,
      line: 7,
      field: 'label',
      value: 'horse',
    });

    expect(error.message).toContain(
      `expected one of the manifest's classes "cat", "dog", "bird"`,
    );
  });

  it('rejects a class index given as a label, asking for the name', async () => {
    const error = await catchBundleError(parseAt(line({ label: 1 })), {
      file: FILE,
      line: 7,
      field: 'label',
      value: 1,
    });

    expect(error.message).toBe(
      `${FILE} line 7, field "label": expected one of the manifest's classes "cat", ` +
        `"dog", "bird" (by name, not by index: classes[1] is "dog"), got 1`,
    );
  });

  it('rejects a class index given as a prediction, asking for the name', async () => {
    const text = line({ scores: undefined, prediction: 2 });

    const error = await catchBundleError(parseAt(text), {
      file: FILE,
      line: 7,
      field: 'prediction',
      value: 2,
    });

    expect(error.message).toContain(
      '(by name, not by index: classes[2] is "bird"), got 2',
    );
  });

  it('rejects a number that is no class index asking for a class name as a string', async () => {
    const error = await catchBundleError(parseAt(line({ label: 3 })), {
      file: FILE,
      line: 7,
      field: 'label',
      value: 3,
    });

    expect(error.message).toContain('"bird" (as a string), got 3');
  });

  it('rejects a regression label that is not a number', async () => {
    const text = JSON.stringify({
      id: 'a',
      label: '3.5',
      embedding: [1],
      prediction: 3,
    });

    await catchBundleError(parseAt(text, regression), {
      file: FILE,
      line: 7,
      field: 'label',
      value: '3.5',
    });
  });

  it('accepts a custom sample without a label', () => {
    const text = JSON.stringify({ id: 'a', embedding: [1], loss: 0.2 });

    const sample = parseSampleLine(text, 1, FILE, custom);

    expect(sample).toEqual({ id: 'a', metadata: {}, embedding: [1], loss: 0.2 });
  });

  it('rejects a custom label that is neither a string nor a number', async () => {
    const text = JSON.stringify({ id: 'a', label: true, embedding: [1], loss: 0.2 });

    await catchBundleError(parseAt(text, custom), {
      file: FILE,
      line: 7,
      field: 'label',
      value: true,
    });
  });

  it('rejects nested metadata with the field "metadata.<name>"', async () => {
    const error = await catchBundleError(
      parseAt(line({ metadata: { year: { a: 1 } } })),
      {
        file: FILE,
        line: 7,
        field: 'metadata.year',
        value: { a: 1 },
      },
    );

    expect(error.message).toBe(
      `${FILE} line 7, field "metadata.year": expected a number, string, boolean or null, got {"a":1}`,
    );
  });

  it('rejects a list as a metadata value', async () => {
    await catchBundleError(parseAt(line({ metadata: { tags: ['a'] } })), {
      file: FILE,
      line: 7,
      field: 'metadata.tags',
      value: ['a'],
    });
  });

  it('rejects an embedding value that overflows to Infinity', async () => {
    const text =
      '{"id": "a", "label": "cat", "embedding": [1, 2, 1e999], "prediction": "cat"}';

    await catchBundleError(parseAt(text), {
      file: FILE,
      line: 7,
      field: 'embedding[2]',
      value: Infinity,
    });
  });

  it('rejects an embedding value beyond the float32 range, which would be infinite', async () => {
    const text =
      '{"id": "a", "label": "cat", "embedding": [1, -1e39], "prediction": "cat"}';

    const error = await catchBundleError(parseAt(text), {
      file: FILE,
      line: 7,
      field: 'embedding[1]',
      value: -1e39,
    });

    expect(error.message).toBe(
      `${FILE} line 7, field "embedding[1]": expected a number within float32's ` +
        'range, ±3.4028234663852886e+38, got -1e+39',
    );
  });

  it('accepts the largest float32 in an embedding', () => {
    const embedding = [3.4028234663852886e38, -3.4028234663852886e38];

    const sample = parseSampleLine(line({ embedding }), 1, FILE, classification);

    expect(sample.embedding).toEqual(embedding);
  });

  it.each([
    ['a null embedding entry', { embedding: [1, null] }, 'embedding[1]', null],
    ['an error for a failed output', { error: 'timeout' }, 'error', 'timeout'],
  ])(
    'rejects %s: precomputed outputs cannot be failed or quarantined',
    async (_, changes, field, value) => {
      await catchBundleError(parseAt(line(changes)), {
        file: FILE,
        line: 7,
        field,
        value,
      });
    },
  );

  it('rejects an embedding given as a string', async () => {
    await catchBundleError(parseAt(line({ embedding: '0.5 1 2' })), {
      file: FILE,
      line: 7,
      field: 'embedding',
      value: '0.5 1 2',
    });
  });

  it('rejects scores whose count differs from the classes', async () => {
    const error = await catchBundleError(parseAt(line({ scores: [0.5, 0.5] })), {
      file: FILE,
      line: 7,
      field: 'scores',
      value: [0.5, 0.5],
    });

    expect(error.message).toContain('expected 3 scores, one per class, got 2');
  });

  it.each([
    ['thirds', [1 / 3, 1 / 3, 1 / 3]],
    ['sevenths', Array.from({ length: 7 }, () => 1 / 7)],
    ['a skewed split', [0.0004, 0.0004, 0.9992]],
  ])('accepts probabilities rounded to 3 decimals (%s)', (_, exact) => {
    const scores = exact.map((p) => Math.round(p * 1000) / 1000);
    const classes = scores.map((_, index) => `c${index}`);
    const manifest = { ...classification, classes };
    const text = JSON.stringify({ id: 'a', label: 'c0', embedding: [1], scores });

    const sample = parseSampleLine(text, 1, FILE, manifest);

    expect(sample.scores).toEqual(scores);
  });

  it('rejects logits declared as probabilities, suggesting to declare logits', async () => {
    const scores = [2.1, -0.3, 0.5];

    const error = await catchBundleError(parseAt(line({ scores })), {
      file: FILE,
      line: 7,
      field: 'scores',
      value: scores,
    });

    expect(error.message).toContain('summing to 2.3');
    expect(error.message).toContain('declare "scores": "logits" in manifest.json');
  });

  it('rejects probabilities in range that do not sum to 1', async () => {
    await catchBundleError(parseAt(line({ scores: [0.5, 0.5, 0.5] })), {
      file: FILE,
      line: 7,
      field: 'scores',
      value: [0.5, 0.5, 0.5],
    });
  });

  it('accepts any finite scores declared as logits', () => {
    const manifest: Manifest = { ...classification, scores: 'logits' };

    const sample = parseSampleLine(
      line({ scores: [2.1, -0.3, 0.5] }),
      1,
      FILE,
      manifest,
    );

    expect(sample.scores).toEqual([2.1, -0.3, 0.5]);
  });

  it('rejects a negative loss', async () => {
    await catchBundleError(parseAt(line({ loss: -0.1 })), {
      file: FILE,
      line: 7,
      field: 'loss',
      value: -0.1,
    });
  });

  it('rejects a prediction that is not a class name', async () => {
    await catchBundleError(parseAt(line({ prediction: 'horse' })), {
      file: FILE,
      line: 7,
      field: 'prediction',
      value: 'horse',
    });
  });

  it('rejects a prediction that is not the class of the highest score', async () => {
    const error = await catchBundleError(parseAt(line({ prediction: 'dog' })), {
      file: FILE,
      line: 7,
      field: 'prediction',
      value: 'dog',
    });

    expect(error.message).toBe(
      `${FILE} line 7, field "prediction": expected "cat", the class with the highest ` +
        'score in [0.7,0.2,0.1] (the first on a tie), got "dog"; the loss and the ' +
        'prediction are read from the scores, so give a prediction that agrees with ' +
        'them or leave it out',
    );
  });

  it('rejects a prediction of the second of two tied classes, naming the first', async () => {
    const text = line({ scores: [0.1, 0.45, 0.45], prediction: 'bird' });

    const error = await catchBundleError(parseAt(text), {
      file: FILE,
      line: 7,
      field: 'prediction',
      value: 'bird',
    });

    expect(error.message).toContain('expected "dog", the class with the highest score');
  });

  it('accepts a prediction that is the class of the highest logit', () => {
    const manifest: Manifest = { ...classification, scores: 'logits' };
    const text = line({ scores: [-1, 0.5, 3.2], prediction: 'bird' });

    const sample = parseSampleLine(text, 1, FILE, manifest);

    expect(sample.prediction).toBe('bird');
  });

  it('rejects a ragged heatmap naming the short row', async () => {
    await catchBundleError(parseAt(line({ heatmap: [[1, 2], [3]] })), {
      file: FILE,
      line: 7,
      field: 'heatmap[1]',
      value: 1,
    });
  });

  it.each([
    ['an embedding', classification, { embedding: undefined }, 'embedding'],
    ['scores or a prediction', classification, { scores: undefined }, 'scores'],
    [
      'a regression prediction',
      regression,
      { label: 1.5, scores: undefined },
      'prediction',
    ],
    ['a custom loss', custom, { label: undefined, scores: undefined }, 'loss'],
  ])('rejects a precomputed sample without %s', async (_, manifest, changes, field) => {
    const error = await catchBundleError(parseAt(line(changes), manifest), {
      file: FILE,
      line: 7,
      field,
    });

    expect(error.message).toContain('outputs must be precomputed');
  });

  it('accepts a classification prediction without scores', () => {
    const text = line({ scores: undefined, prediction: 'dog' });

    const sample = parseSampleLine(text, 1, FILE, classification);

    expect(sample.prediction).toBe('dog');
  });

  it('accepts a prediction without scores when the manifest declares no scores kind', () => {
    const text = line({ scores: undefined, prediction: 'dog' });

    const sample = parseSampleLine(text, 1, FILE, predictionOnly);

    expect(sample.prediction).toBe('dog');
  });

  it('rejects scores when the manifest declares no scores kind, naming the field', async () => {
    const error = await catchBundleError(parseAt(line(), predictionOnly), {
      file: FILE,
      line: 7,
      field: 'scores',
      value: good.scores,
    });

    expect(error.message).toBe(
      `${FILE} line 7, field "scores": expected no scores, as manifest.json declares ` +
        'no "scores" kind to read them by (add "scores": "probabilities" or "logits" ' +
        'there), got [0.7,0.2,0.1]',
    );
  });

  it('rejects a sample without input when the manifest names an endpoint', async () => {
    const text = JSON.stringify({ id: 'a', label: 'cat' });

    const error = await catchBundleError(parseAt(text, withInference), {
      file: FILE,
      line: 7,
      field: 'input',
    });

    expect(error.message).toContain('every sample needs an input');
  });

  it('accepts a sample with only id, label and input when the manifest names an endpoint', () => {
    const text = JSON.stringify({ id: 'a', label: 'cat', input: 's3://b/a.jpg' });

    const sample = parseSampleLine(text, 1, FILE, withInference);

    expect(sample).toEqual({
      id: 'a',
      label: 'cat',
      input: 's3://b/a.jpg',
      metadata: {},
    });
  });

  it('rejects an inline embedding when the manifest names an .npy', async () => {
    const manifest: Manifest = { ...classification, embeddings: 'embeddings.npy' };

    const error = await catchBundleError(parseAt(line(), manifest), {
      file: FILE,
      line: 7,
      field: 'embedding',
      value: good.embedding,
    });

    expect(error.message).toContain('the manifest names embeddings.npy');
  });
});

describe('Function: readSamples', () => {
  it('reads every sample, skipping blank lines and a trailing newline', async () => {
    const lines = linesOf(line({ id: 'a' }), '', '  ', line({ id: 'b' }), '');

    const samples = await readSamples(lines, FILE, classification);

    expect(samples.map((sample) => sample.id)).toEqual(['a', 'b']);
  });

  it('tolerates a UTF-8 byte order mark on the first line', async () => {
    const samples = await readSamples(linesOf(`\uFEFF${line()}`), FILE, classification);

    expect(samples).toHaveLength(1);
  });

  it('counts blank lines when naming the line of an error', async () => {
    const lines = linesOf(line({ id: 'a' }), '', line({ id: 'b', label: 'horse' }));

    await catchBundleError(() => readSamples(lines, FILE, classification), {
      file: FILE,
      line: 3,
      field: 'label',
      value: 'horse',
    });
  });

  it('rejects a duplicate id naming both lines', async () => {
    const lines = linesOf(line({ id: 'x' }), line({ id: 'y' }), line({ id: 'x' }));

    const error = await catchBundleError(
      () => readSamples(lines, FILE, classification),
      {
        file: FILE,
        line: 3,
        field: 'id',
        value: 'x',
      },
    );

    expect(error.message).toBe(
      `${FILE} line 3, field "id": duplicate id "x", already used on line 1`,
    );
  });

  it('rejects an embedding whose dimension differs from the first', async () => {
    const lines = linesOf(line({ id: 'a' }), line({ id: 'b', embedding: [1, 2] }));

    const error = await catchBundleError(
      () => readSamples(lines, FILE, classification),
      {
        file: FILE,
        line: 2,
        field: 'embedding',
        value: 2,
      },
    );

    expect(error.message).toContain(
      'expected an embedding of dimension 3 (as on line 1), got 2',
    );
  });

  it.each([
    ['an empty file', [] as string[]],
    ['a file of blank lines', ['', '   ', '']],
  ])('rejects %s as containing no samples', async (_, lines) => {
    const error = await catchBundleError(
      () => readSamples(linesOf(...lines), FILE, classification),
      { file: FILE },
    );

    expect(error.message).toBe(`${FILE}: contains no samples`);
  });
});

describe('Speed: readSamples', () => {
  it('reads 1,000 samples with 256-dimension embeddings in well under a second', async () => {
    const embedding = Array.from({ length: 256 }, (_, index) => Math.cos(index));
    const lines = Array.from({ length: 1000 }, (_, index) =>
      JSON.stringify({
        id: `s${index}`,
        label: 'dog',
        embedding,
        scores: [0.1, 0.8, 0.1],
      }),
    );
    const startedAtMs = performance.now();

    const samples = await readSamples(linesOf(...lines), FILE, classification);

    expect(samples).toHaveLength(1000);
    expect(performance.now() - startedAtMs).toBeLessThan(1000);
  });
});
