import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../shared/bundle/manifest.ts';
import { catchBundleError } from './helpers.ts';

const FILE = 'evaluations/pets/v1/manifest.json';

const base = {
  schemaVersion: 1,
  project: 'pets',
  modelVersion: 'v1',
  task: 'classification',
  classes: ['cat', 'dog'],
  scores: 'probabilities',
  samples: 'samples.jsonl',
};

/** The manifest as json.dump(indent=2) writes it: one field per line from line 2. */
function manifestText(changes: Record<string, unknown>): string {
  const manifest: Record<string, unknown> = { ...base, ...changes };
  for (const key of Object.keys(manifest)) {
    if (manifest[key] === undefined) delete manifest[key];
  }

  return JSON.stringify(manifest, null, 2);
}

function lineOfKey(text: string, key: string): number {
  return text.split('\n').findIndex((line) => line.includes(`"${key}":`)) + 1;
}

const parse = (changes: Record<string, unknown>) => () =>
  parseManifest(manifestText(changes), FILE);

describe('Function: parseManifest', () => {
  it('returns the manifest when it is valid', () => {
    const text = manifestText({
      embeddings: 'out/embeddings.npy',
      inference: { endpoint: 'pets-v1', maxBatchBytes: 5_000_000, concurrency: 2 },
      pool: 'pool',
      baseline: 'v0',
    });

    const manifest = parseManifest(text, FILE);

    expect(manifest).toEqual(JSON.parse(text));
  });

  it('accepts names with spaces, "+", "%", "=" and non-ASCII letters', () => {
    const project = 'Pets + Wild %20 = Größe 猫';
    const modelVersion = 'v1 rc=2+build%7';

    const manifest = parseManifest(manifestText({ project, modelVersion }), FILE, {
      project,
      modelVersion,
    });

    expect([manifest.project, manifest.modelVersion]).toEqual([project, modelVersion]);
  });

  it('tolerates a UTF-8 byte order mark', () => {
    const manifest = parseManifest(`\uFEFF${manifestText({})}`, FILE);

    expect(manifest.project).toBe('pets');
  });

  it('rejects invalid JSON naming the line and column', async () => {
    const text = '{\n  "schemaVersion": 1,\n  "project" "pets"\n}';

    const error = await catchBundleError(() => parseManifest(text, FILE), {
      file: FILE,
      line: 3,
      value: '"pets"\n}',
    });

    expect(error.message).toBe(
      `${FILE} line 3: invalid JSON at column 13: expected ':' after a property name, found "\\"pets\\"\\n}"`,
    );
  });

  it('rejects a JSON value that is not an object', async () => {
    const error = await catchBundleError(() => parseManifest('[1]', FILE), {
      file: FILE,
      line: 1,
      value: [1],
    });

    expect(error.message).toBe(`${FILE} line 1: expected a JSON object, got [1]`);
  });

  it('rejects an unknown schemaVersion saying which versions are supported', async () => {
    const error = await catchBundleError(parse({ schemaVersion: 2 }), {
      file: FILE,
      line: 2,
      field: 'schemaVersion',
      value: 2,
    });

    expect(error.message).toContain('this reader supports 1');
  });

  it('rejects a missing project naming the field but no line', async () => {
    const error = await catchBundleError(parse({ project: undefined }), {
      file: FILE,
      field: 'project',
    });

    expect(error.message).toMatch(
      /^evaluations\/pets\/v1\/manifest\.json, field "project": missing; expected a project name/,
    );
  });

  it.each([
    ['an empty project', { project: '' }, 'project', ''],
    [
      'a project over 128 characters',
      { project: 'p'.repeat(129) },
      'project',
      'p'.repeat(129),
    ],
    ['a "/" in the project', { project: 'a/b' }, 'project', 'a/b'],
    ['a project named ".."', { project: '..' }, 'project', '..'],
    ['a model version named "."', { modelVersion: '.' }, 'modelVersion', '.'],
    [
      'a control character in the model version',
      { modelVersion: 'v1\n' },
      'modelVersion',
      'v1\n',
    ],
    ['an unknown task', { task: 'ranking' }, 'task', 'ranking'],
    ['an unknown scores kind', { scores: 'odds' }, 'scores', 'odds'],
  ])('rejects %s naming the field and value', async (_, changes, field, value) => {
    const line = lineOfKey(manifestText(changes), field);

    await catchBundleError(parse(changes), { file: FILE, line, field, value });
  });

  it('rejects a classification task without classes naming the field but no line', async () => {
    const error = await catchBundleError(parse({ classes: undefined }), {
      file: FILE,
      field: 'classes',
    });

    expect(error.message).toContain('expected at least 2 class names');
  });

  it('rejects a single class', async () => {
    await catchBundleError(parse({ classes: ['cat'] }), {
      file: FILE,
      line: 6,
      field: 'classes',
      value: ['cat'],
    });
  });

  it('rejects a repeated class name naming both positions', async () => {
    const error = await catchBundleError(parse({ classes: ['cat', 'dog', 'cat'] }), {
      file: FILE,
      line: 9,
      field: 'classes[2]',
      value: 'cat',
    });

    expect(error.message).toContain('also classes[0]');
  });

  it('rejects a baseline that is the model version itself', async () => {
    const text = manifestText({ baseline: 'v1' });

    const error = await catchBundleError(() => parseManifest(text, FILE), {
      file: FILE,
      line: lineOfKey(text, 'baseline'),
      field: 'baseline',
      value: 'v1',
    });

    expect(error.message).toContain('expected another model version than this one');
  });

  it('accepts a classification task without a scores kind when outputs are precomputed', () => {
    const manifest = parseManifest(manifestText({ scores: undefined }), FILE);

    expect(manifest.scores).toBeUndefined();
  });

  it('rejects a classification task naming an endpoint without a scores kind', async () => {
    const inference = { endpoint: 'pets-v1' };

    const error = await catchBundleError(parse({ scores: undefined, inference }), {
      file: FILE,
      field: 'scores',
    });

    expect(error.message).toBe(
      `${FILE}, field "scores": missing; expected "probabilities" or "logits" for a ` +
        'classification task that names an endpoint: the run must know how to read ' +
        "the endpoint's scores",
    );
  });

  it('rejects classes on a regression task', async () => {
    await catchBundleError(parse({ task: 'regression', scores: undefined }), {
      file: FILE,
      line: 6,
      field: 'classes',
      value: ['cat', 'dog'],
    });
  });

  it.each([
    ['a leading "/"', '/data/samples.jsonl', 'leading "/"'],
    ['a ".." segment', 'data/../../samples.jsonl', '".." segments'],
    ['a URI', 's3://bucket/samples.jsonl', 'not a URI'],
  ])('rejects a samples path with %s', async (_, samples, reason) => {
    const error = await catchBundleError(parse({ samples }), {
      file: FILE,
      line: 11,
      field: 'samples',
      value: samples,
    });

    expect(error.message).toContain(reason);
  });

  it('accepts a Parquet samples path', () => {
    const manifest = parse({ samples: 'data/samples.parquet' })();

    expect(manifest.samples).toBe('data/samples.parquet');
  });

  it('rejects an embeddings path that is not an .npy', async () => {
    await catchBundleError(parse({ embeddings: 'embeddings.csv' }), {
      file: FILE,
      line: 12,
      field: 'embeddings',
      value: 'embeddings.csv',
    });
  });

  it('rejects a pool path with a ".." segment', async () => {
    await catchBundleError(parse({ pool: '../other' }), {
      file: FILE,
      line: 12,
      field: 'pool',
      value: '../other',
    });
  });

  it('rejects a samples path with a hidden part, which uploads would leave out', async () => {
    const text = manifestText({ samples: 'data/.samples.jsonl' });

    const error = await catchBundleError(() => parseManifest(text, FILE), {
      file: FILE,
      line: lineOfKey(text, 'samples'),
      field: 'samples',
      value: 'data/.samples.jsonl',
    });

    expect(error.message).toContain('uploads leave hidden files out');
    expect(() =>
      parseManifest(manifestText({ samples: './samples.jsonl' }), FILE),
    ).not.toThrow();
  });

  it('rejects a batch limit that is not a whole number naming the nested field', async () => {
    const inference = { endpoint: 'pets-v1', maxBatchBytes: 1.5 };

    await catchBundleError(parse({ inference }), {
      file: FILE,
      line: 14,
      field: 'inference.maxBatchBytes',
      value: 1.5,
    });
  });

  it('names the line of the object that lacks a nested field', async () => {
    const text = manifestText({ inference: { maxBatchSize: 8 } });

    await catchBundleError(() => parseManifest(text, FILE), {
      file: FILE,
      line: lineOfKey(text, 'inference'),
      field: 'inference.endpoint',
    });
  });

  it('rejects an endpoint name SageMaker would refuse', async () => {
    await catchBundleError(parse({ inference: { endpoint: 'pets_v1' } }), {
      file: FILE,
      line: 13,
      field: 'inference.endpoint',
      value: 'pets_v1',
    });
  });

  it('rejects an unknown field, such as a misspelt one', async () => {
    const error = await catchBundleError(parse({ embedding: 'e.npy' }), {
      file: FILE,
      line: 12,
      field: 'embedding',
      value: 'e.npy',
    });

    expect(error.message).toContain('unknown field');
  });

  it('rejects a project that differs from the upload path', async () => {
    const expected = { project: 'cats', modelVersion: 'v1' };

    const error = await catchBundleError(
      () => parseManifest(manifestText({}), FILE, expected),
      { file: FILE, field: 'project', value: 'pets' },
    );

    expect(error.message).toBe(
      `${FILE}, field "project": expected "cats" as in the upload path, got "pets"`,
    );
  });

  it('rejects a model version that differs from the upload path', async () => {
    const expected = { project: 'pets', modelVersion: 'v2' };

    await catchBundleError(() => parseManifest(manifestText({}), FILE, expected), {
      file: FILE,
      field: 'modelVersion',
      value: 'v1',
    });
  });
});
