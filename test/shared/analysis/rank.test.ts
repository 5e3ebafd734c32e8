import { describe, expect, it } from 'vitest';

import { clusterId } from '../../../shared/analysis/cluster-id.ts';
import { rankClusters } from '../../../shared/analysis/rank.ts';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('Function: rankClusters', () => {
  it('computes size, share, mean loss, loss ratio to the rest and error rate', () => {
    const clusters = rankClusters({
      sampleIds: ids,
      losses: Float64Array.from([2, 4, 1, 1, 1, 1]),
      correct: [false, true, true, true, true, false],
      assignments: Int32Array.from([1, 1, 0, 0, 0, 0]),
      k: 2,
    });

    expect(clusters[0]).toEqual({
      id: clusterId(['a', 'b']),
      index: 1,
      size: 2,
      share: 2 / 6,
      meanLoss: 3,
      lossRatio: 3,
      errorRate: 0.5,
      sampleIds: ['a', 'b'],
    });
    expect(clusters[1]).toMatchObject({ size: 4, meanLoss: 1, lossRatio: 1 / 3 });
    expect(clusters[1]!.errorRate).toBe(0.25);
  });

  it('ranks by loss ratio, then by size on a tie', () => {
    const clusters = rankClusters({
      sampleIds: ids,
      losses: Float64Array.from([1, 1, 1, 1, 1, 1]),
      correct: null,
      assignments: Int32Array.from([0, 1, 1, 1, 2, 2]),
      k: 3,
    });

    expect(clusters.map((c) => c.size)).toEqual([3, 2, 1]);
    expect(clusters.every((c) => c.lossRatio === 1 && c.errorRate === null)).toBe(true);
  });

  it('returns a null ratio with a note when the rest has zero loss, ranked first', () => {
    const clusters = rankClusters({
      sampleIds: ids,
      losses: Float64Array.from([0, 0, 0, 0, 0, 7]),
      correct: null,
      assignments: Int32Array.from([0, 0, 1, 1, 1, 2]),
      k: 3,
    });

    expect(clusters.map((c) => [c.lossRatio, c.lossRatioNote])).toEqual([
      [null, 'rest-has-zero-loss'],
      [0, undefined],
      [0, undefined],
    ]);
    expect(clusters[0]!.sampleIds).toEqual(['f']);
    expect(JSON.parse(JSON.stringify(clusters[0]))).toMatchObject({ lossRatio: null });
  });

  it('returns a ratio of 1 when the cluster and the rest both have zero loss', () => {
    const clusters = rankClusters({
      sampleIds: ['a', 'b'],
      losses: Float64Array.from([0, 0]),
      correct: null,
      assignments: Int32Array.from([0, 1]),
      k: 2,
    });

    expect(clusters.map((c) => c.lossRatio)).toEqual([1, 1]);
  });

  it('leaves out empty clusters', () => {
    const clusters = rankClusters({
      sampleIds: ['a', 'b'],
      losses: Float64Array.from([1, 2]),
      correct: null,
      assignments: Int32Array.from([0, 2]),
      k: 3,
    });

    expect(clusters.map((c) => c.index)).toEqual([2, 0]);
  });
});
