import { describe, expect, it } from 'vitest';
import { EmptyAnalysisError } from '../../../../shared/analysis/errors.ts';
import { reduceStep } from '../../../../shared/analysis/distributed/reduce-step.ts';
import type { ShardPartial } from '../../../../shared/analysis/distributed/types.ts';

/** Two clusters in 1-D: sums 6 (3 points) and 10 (2 points). */
function partial(overrides: Partial<ShardPartial> = {}): ShardPartial {
  return {
    k: 2,
    dimensions: 1,
    rows: 5,
    counts: [3, 2],
    sums: Float64Array.from([6, 10]),
    inertia: 4,
    farthest: [],
    ...overrides,
  };
}

describe('Function: reduceStep', () => {
  it('moves each centroid to the mean of its sums and reports the largest squared move', () => {
    const outcome = reduceStep(Float64Array.from([1, 4]), partial(), 0.5);

    expect([...outcome.centroids]).toEqual([2, 5]);
    expect(outcome).toMatchObject({
      shift: 1,
      converged: false,
      reseeded: [],
      inertia: 4,
      rows: 5,
    });
  });

  it('calls the loop converged when no centroid moved more than the tolerance', () => {
    const outcome = reduceStep(Float64Array.from([2, 5.1]), partial(), 0.01);

    expect(outcome.shift).toBeCloseTo(0.01, 12);
    expect(outcome.converged).toBe(true);
  });

  it('reseeds an empty cluster with the farthest point whose cluster keeps a member', () => {
    const merged: ShardPartial = {
      k: 3,
      dimensions: 1,
      rows: 4,
      counts: [1, 3, 0],
      sums: Float64Array.from([50, 6, 0]),
      inertia: 10,
      farthest: [
        { distance: 9, partition: 1, row: 0, cluster: 1, vector: [4] },
        { distance: 100, partition: 0, row: 0, cluster: 0, vector: [50] },
        { distance: 9, partition: 0, row: 3, cluster: 1, vector: [-2] },
      ],
    };

    const outcome = reduceStep(Float64Array.from([50, 2, 0]), merged, 0);

    expect(outcome.reseeded).toEqual([2]);
    expect([...outcome.centroids]).toEqual([50, 4, -2]);
  });

  it('rejects centroids of another shape, a negative tolerance and fewer points than k', () => {
    expect(() => reduceStep(Float64Array.from([1]), partial(), 0)).toThrow(
      /centroids must be k x dimensions = 2 values, got 1/,
    );
    expect(() => reduceStep(Float64Array.from([1, 2]), partial(), -1)).toThrow(
      /tolerance/,
    );
    expect(() =>
      reduceStep(Float64Array.from([1, 2]), partial({ rows: 1, counts: [1, 0] }), 0),
    ).toThrow(EmptyAnalysisError);
  });
});
