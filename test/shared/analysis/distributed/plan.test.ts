import { describe, expect, it } from 'vitest';
import { AnalysisParameterError } from '../../../../shared/analysis/errors.ts';
import { DISTRIBUTED_LIMITS } from '../../../../shared/analysis/distributed/limits.ts';
import {
  partitionFiles,
  planClustering,
} from '../../../../shared/analysis/distributed/plan.ts';

describe('Function: planClustering', () => {
  it('keeps embeddings up to the limit on one node and sends larger ones to map-reduce', () => {
    const limit = 4000;

    const at = planClustering({
      sampleCount: 100,
      dimensions: 10,
      singleNodeMaxEmbeddingBytes: limit,
    });
    const above = planClustering({
      sampleCount: 101,
      dimensions: 10,
      singleNodeMaxEmbeddingBytes: limit,
    });

    expect(at).toEqual({
      path: 'single-node',
      dimensions: 10,
      embeddingBytes: 4000,
      reason: '100 samples x 10 dimensions x 4 bytes = 4000 <= 4000 bytes',
    });
    expect(above.path).toBe('distributed');
    expect(above.reason).toBe(
      '101 samples x 10 dimensions x 4 bytes = 4040 > 4000 bytes',
    );
  });

  it('keeps 1M x 64 float32 embeddings on one node by default and sends 1M x 128 to map-reduce', () => {
    const fits = planClustering({ sampleCount: 1_000_000, dimensions: 64 });
    const over = planClustering({ sampleCount: 1_000_000, dimensions: 128 });

    expect(DISTRIBUTED_LIMITS.singleNodeMaxEmbeddingBytes).toBe(402_653_184);
    expect(fits.path).toBe('single-node');
    expect(over.path).toBe('distributed');
  });

  it('assumes 1,024 dimensions when the endpoint has yet to give the embeddings', () => {
    const fits = planClustering({ sampleCount: 90_000, dimensions: null });
    const over = planClustering({ sampleCount: 200_000, dimensions: null });

    expect(fits).toMatchObject({
      path: 'single-node',
      dimensions: null,
      embeddingBytes: 368_640_000,
    });
    expect(fits.reason).toContain('1024 dimensions (assumed)');
    expect(over.path).toBe('distributed');
  });

  it('follows a forced path whatever the size, saying so', () => {
    const forced = planClustering({
      sampleCount: 3,
      dimensions: 2,
      setting: 'distributed',
    });
    const kept = planClustering({
      sampleCount: 1e7,
      dimensions: 512,
      setting: 'single-node',
    });

    expect(forced.path).toBe('distributed');
    expect(forced.reason).toBe(
      'forced by the setting distributed (3 samples x 2 dimensions x 4 bytes = 24 bytes)',
    );
    expect(kept.path).toBe('single-node');
  });

  it('rejects an unknown setting and a limit that is not a positive integer, naming the value', () => {
    expect(() =>
      planClustering({ sampleCount: 1, dimensions: 1, setting: 'cluster' as never }),
    ).toThrow(AnalysisParameterError);
    expect(() =>
      planClustering({ sampleCount: 1, dimensions: 1, setting: 'cluster' as never }),
    ).toThrow(/cluster/);
    expect(() =>
      planClustering({ sampleCount: 1, dimensions: 1, singleNodeMaxEmbeddingBytes: 0 }),
    ).toThrow(/singleNodeMaxEmbeddingBytes.*0/);
  });
});

describe('Function: partitionFiles', () => {
  it('splits files into contiguous runs in order, the first ones one longer', () => {
    const files = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

    expect(partitionFiles(files, 3)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
      ['f', 'g'],
    ]);
  });

  it('makes one partition per file when there are fewer files than partitions', () => {
    expect(partitionFiles(['a', 'b'], 16)).toEqual([['a'], ['b']]);
    expect(partitionFiles([], 16)).toEqual([]);
  });

  it('never makes more than the cap, so 2,000 files become 16 partitions of 125', () => {
    const files = Array.from({ length: 2000 }, (_, i) => i);

    const partitions = partitionFiles(files, DISTRIBUTED_LIMITS.maxPartitions);

    expect(partitions.map((p) => p.length)).toEqual(new Array(16).fill(125));
    expect(partitions.flat()).toEqual(files);
  });

  it('rejects a cap below one', () => {
    expect(() => partitionFiles(['a'], 0)).toThrow(/maxPartitions/);
  });
});
