import { describe, expect, it } from 'vitest';
import { labelingQueue, shareBudget } from '../../../shared/analysis/labeling-queue.ts';
import { AnalysisParameterError } from '../../../shared/analysis/errors.ts';

/** 2-D points: aggressor A around (0, 0), aggressor B around (10, 0). */
const evaluation = Float32Array.from([
  ...[0, 0, 1, 0, 0, 1, -1, 0, 0, -1], // A: rows 0-4
  ...[10, 0, 11, 0, 10, 1, 9, 0, 10, -1], // B: rows 5-9
]);
const aggressors = [
  { id: 'A', memberRows: [0, 1, 2, 3, 4], excessLoss: 3 },
  { id: 'B', memberRows: [5, 6, 7, 8, 9], excessLoss: 1 },
];
const pool = {
  ids: ['near-a-1', 'near-a-2', 'near-a-3', 'near-b-1', 'near-b-2', 'far', 'mid'],
  embeddings: Float32Array.from([
    ...[0.1, 0],
    ...[0, 0.5],
    ...[0.9, 0],
    ...[10, 0.2],
    ...[10.7, 0],
    ...[50, 50],
    ...[5, 0],
  ]),
};

describe('Function: labelingQueue', () => {
  it('queues pool samples inside each aggressor region, nearest first, budget shared by excess loss', () => {
    const queue = labelingQueue({
      dimensions: 2,
      evaluation,
      aggressors,
      pool,
      budget: 4,
    });

    expect(queue).toEqual([
      { id: 'near-a-1', aggressorId: 'A', distance: expect.closeTo(0.1, 6) },
      { id: 'near-a-2', aggressorId: 'A', distance: expect.closeTo(0.5, 6) },
      { id: 'near-a-3', aggressorId: 'A', distance: expect.closeTo(0.9, 6) },
      { id: 'near-b-1', aggressorId: 'B', distance: expect.closeTo(0.2, 6) },
    ]);
  });

  it('leaves out pool samples outside every region and never queues one twice', () => {
    const queue = labelingQueue({
      dimensions: 2,
      evaluation,
      aggressors,
      pool,
      budget: 100,
    });

    const ids = queue.map((q) => q.id);
    expect(ids).not.toContain('far');
    expect(ids).not.toContain('mid');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(5);
  });

  it('returns an empty queue when there is no aggressor or no pool', () => {
    expect(
      labelingQueue({ dimensions: 2, evaluation, aggressors: [], pool, budget: 5 }),
    ).toEqual([]);
    expect(
      labelingQueue({
        dimensions: 2,
        evaluation,
        aggressors,
        pool: { ids: [], embeddings: new Float32Array() },
        budget: 5,
      }),
    ).toEqual([]);
  });

  it('refuses a budget that is not a positive integer and a pool of the wrong width', () => {
    expect(() =>
      labelingQueue({ dimensions: 2, evaluation, aggressors, pool, budget: 0 }),
    ).toThrow(AnalysisParameterError);
    expect(() =>
      labelingQueue({
        dimensions: 3,
        evaluation,
        aggressors,
        pool,
        budget: 2,
      }),
    ).toThrow(AnalysisParameterError);
  });
});

describe('Function: shareBudget', () => {
  it('shares in proportion to the weights by largest remainders', () => {
    expect(shareBudget(10, [3, 1], [100, 100])).toEqual([8, 2]);
    expect(shareBudget(3, [1, 1, 1], [9, 9, 9])).toEqual([1, 1, 1]);
  });

  it('passes what a share cannot hold to the others', () => {
    expect(shareBudget(10, [9, 1], [2, 100])).toEqual([2, 8]);
  });

  it('never gives more than the capacities hold in all', () => {
    expect(shareBudget(10, [1, 1], [1, 2])).toEqual([1, 2]);
  });

  it('shares equally when every weight is zero', () => {
    expect(shareBudget(4, [0, 0], [10, 10])).toEqual([2, 2]);
  });
});
