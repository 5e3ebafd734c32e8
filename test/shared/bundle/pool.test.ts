import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../../shared/bundle/load.ts';
import { catchBundleError, MEMORY_PREFIX, memorySource } from './helpers.ts';

const manifest = {
  schemaVersion: 1,
  project: 'mail',
  modelVersion: 'v1',
  task: 'classification',
  classes: ['ham', 'spam'],
  scores: 'probabilities',
  samples: 'samples.jsonl',
  inference: { endpoint: 'spam-v1' },
  pool: 'pool/',
  labelingBudget: 20,
};
const evaluation = JSON.stringify({
  id: 'e1',
  label: 'ham',
  input: 'hi',
  metadata: {},
});

function bundle(poolLines: unknown[], changes: Record<string, unknown> = {}) {
  return memorySource({
    'manifest.json': JSON.stringify({ ...manifest, ...changes }),
    'samples.jsonl': evaluation,
    'pool/samples.jsonl': poolLines.map((line) => JSON.stringify(line)).join('\n'),
  });
}

describe('Function: loadBundle with an unlabeled pool', () => {
  it('reads the pool folder samples without labels', async () => {
    const source = bundle([
      { id: 'p1', input: 'offer', metadata: { html: true } },
      { id: 'p2', input: 'meeting', metadata: {} },
    ]);

    const loaded = await loadBundle(source);

    expect(loaded.pool).toEqual([
      { id: 'p1', input: 'offer', metadata: { html: true } },
      { id: 'p2', input: 'meeting', metadata: {} },
    ]);
    expect(loaded.manifest.labelingBudget).toBe(20);
  });

  it('refuses a labeled pool sample, naming file, line, field and value', async () => {
    const source = bundle([
      { id: 'p1', input: 'offer', metadata: {} },
      { id: 'p2', label: 'spam', input: 'win', metadata: {} },
    ]);

    const error = await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}pool/samples.jsonl`,
      line: 2,
      field: 'label',
      value: 'spam',
    });

    expect(error.message).toContain('pool samples are unlabeled');
  });

  it('refuses a pool id that is an evaluation id, naming file, line, field and value', async () => {
    const source = bundle([
      { id: 'p1', input: 'offer', metadata: {} },
      { id: 'e1', input: 'hi again', metadata: {} },
    ]);

    const error = await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}pool/samples.jsonl`,
      line: 2,
      field: 'id',
      value: 'e1',
    });

    expect(error.message).toBe(
      `${MEMORY_PREFIX}pool/samples.jsonl line 2, field "id": id "e1" is already an ` +
        `evaluation sample id (in ${MEMORY_PREFIX}samples.jsonl); pool ids must differ ` +
        'from them, as the labeling queue names samples by id',
    );
  });

  it('needs an embedding for pool samples when outputs are precomputed', async () => {
    const precomputed = memorySource({
      'manifest.json': JSON.stringify({ ...manifest, inference: undefined }),
      'samples.jsonl': JSON.stringify({
        id: 'e1',
        label: 'ham',
        metadata: {},
        embedding: [1],
        scores: [0.9, 0.1],
      }),
      'pool/samples.jsonl': JSON.stringify({ id: 'p1', metadata: {} }),
    });

    await catchBundleError(() => loadBundle(precomputed), {
      file: `${MEMORY_PREFIX}pool/samples.jsonl`,
      line: 1,
      field: 'embedding',
    });
  });

  it('refuses a pool embedding value beyond the float32 range', async () => {
    const precomputed = memorySource({
      'manifest.json': JSON.stringify({ ...manifest, inference: undefined }),
      'samples.jsonl': JSON.stringify({
        id: 'e1',
        label: 'ham',
        embedding: [1, 0],
        scores: [0.9, 0.1],
      }),
      'pool/samples.jsonl': JSON.stringify({ id: 'p1', embedding: [1e39, 0] }),
    });

    await catchBundleError(() => loadBundle(precomputed), {
      file: `${MEMORY_PREFIX}pool/samples.jsonl`,
      line: 1,
      field: 'embedding[0]',
      value: 1e39,
    });
  });

  it('names the manifest field when the pool folder has no samples file', async () => {
    const source = memorySource({
      'manifest.json': JSON.stringify(manifest),
      'samples.jsonl': evaluation,
    });

    await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}manifest.json`,
      field: 'pool',
      value: 'pool/samples.jsonl',
    });
  });

  it('refuses a labeling budget that is not a positive integer', async () => {
    const source = bundle([{ id: 'p1', input: 'x', metadata: {} }], {
      labelingBudget: 0,
    });

    await catchBundleError(() => loadBundle(source), {
      file: `${MEMORY_PREFIX}manifest.json`,
      line: 1,
      field: 'labelingBudget',
      value: 0,
    });
  });
});
