import { describe, expect, it } from 'vitest';
import {
  EmptyAnalysisError,
  SampleInputError,
} from '../../../../shared/analysis/errors.ts';
import { precomputedResult } from '../../../../shared/analysis/distributed/precomputed.ts';
import type { PrecomputedClustering } from '../../../../shared/analysis/distributed/precomputed.ts';

function precomputed(members: Array<[string, number, number]>): PrecomputedClustering {
  return {
    k: 2,
    dimensions: 1,
    centroids: Float64Array.from([0, 10]),
    members: new Map(
      members.map(([id, cluster, distance]) => [id, { cluster, distance }]),
    ),
    converged: true,
    iterations: 4,
    reason: 'distributed k-means',
  };
}

describe('Function: precomputedResult', () => {
  it('gives the clusters in the order of the ids asked, inertia summed', () => {
    const found = precomputed([
      ['a', 1, 0.5],
      ['b', 0, 0.25],
      ['c', 1, 1],
    ]);

    const { choice, result } = precomputedResult(found, ['c', 'a', 'b']);

    expect(choice).toEqual({ k: 2, reason: 'distributed k-means' });
    expect([...result.assignments]).toEqual([1, 1, 0]);
    expect(result).toMatchObject({
      k: 2,
      inertia: 1.75,
      converged: true,
      iterations: 4,
    });
  });

  it('names a sample the distributed clustering did not assign', () => {
    expect(() => precomputedResult(precomputed([['a', 0, 0]]), ['a', 'z'])).toThrow(
      SampleInputError,
    );
    expect(() => precomputedResult(precomputed([['a', 0, 0]]), ['a', 'z'])).toThrow(
      /z/,
    );
  });

  it('refuses clusters holding samples the analysis does not cluster', () => {
    const found = precomputed([
      ['a', 0, 0],
      ['q', 1, 0],
    ]);

    expect(() => precomputedResult(found, ['a'])).toThrow(EmptyAnalysisError);
  });
});
