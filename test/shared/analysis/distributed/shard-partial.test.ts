import { describe, expect, it } from 'vitest';
import {
  candidateLimit,
  mergePartials,
  shardPartial,
} from '../../../../shared/analysis/distributed/shard-partial.ts';

/** Six 2-D points around (0, 0) and (10, 0). */
const POINTS = Float32Array.from([0, 0, 1, 0, 0, 2, 10, 0, 11, 0, 9, 3]);
const CENTROIDS = Float64Array.from([0, 0, 10, 0]);

describe('Function: shardPartial', () => {
  it('sums and counts each cluster and adds up the squared distances', () => {
    const partial = shardPartial(POINTS, 2, CENTROIDS, { partition: 2, firstRow: 100 });

    expect(partial).toMatchObject({ k: 2, dimensions: 2, rows: 6, counts: [3, 3] });
    expect([...partial.sums]).toEqual([1, 2, 30, 3]);
    expect(partial.inertia).toBe(0 + 1 + 4 + 0 + 1 + 10);
  });

  it('keeps the 2k - 1 farthest points, farthest first, placed in the whole matrix', () => {
    const partial = shardPartial(POINTS, 2, CENTROIDS, { partition: 2, firstRow: 100 });

    expect(candidateLimit(2)).toBe(3);
    expect(partial.farthest).toEqual([
      { distance: 10, partition: 2, row: 105, cluster: 1, vector: [9, 3] },
      { distance: 4, partition: 2, row: 102, cluster: 0, vector: [0, 2] },
      { distance: 1, partition: 2, row: 101, cluster: 0, vector: [1, 0] },
    ]);
  });

  it('keeps the same farthest points as sorting every distance, ties to the lower row', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i * 37) % 23);
    const points = Float32Array.from(values.flatMap((v) => [v, 0]));
    const centroids = Float64Array.from([0, 0, 100, 0, 200, 0]);
    const place = { partition: 0, firstRow: 0 };

    const partial = shardPartial(points, 2, centroids, place);

    const byDistance = values
      .map((v, row) => ({ row, distance: v * v }))
      .sort((a, b) => b.distance - a.distance || a.row - b.row)
      .slice(0, 5);
    expect(partial.farthest.map((c) => ({ row: c.row, distance: c.distance }))).toEqual(
      byDistance,
    );
  });

  it('rejects points that are not whole rows and centroids of another width', () => {
    expect(() =>
      shardPartial(POINTS.subarray(0, 5), 2, CENTROIDS, { partition: 0, firstRow: 0 }),
    ).toThrow(/points.*5/);
    expect(() =>
      shardPartial(POINTS, 2, Float64Array.from([1, 2, 3]), {
        partition: 0,
        firstRow: 0,
      }),
    ).toThrow(/centroids.*3/);
  });
});

describe('Function: mergePartials', () => {
  it('equals the partial of all the points when merging the partials of two halves', () => {
    const place = { partition: 0, firstRow: 0 };
    const whole = shardPartial(POINTS, 2, CENTROIDS, place);
    const first = shardPartial(POINTS.subarray(0, 6), 2, CENTROIDS, place);
    const second = shardPartial(POINTS.subarray(6), 2, CENTROIDS, {
      partition: 0,
      firstRow: 3,
    });

    const merged = mergePartials(first, second);

    expect(merged).toEqual(whole);
  });

  it('puts the earlier place first among equally far candidates', () => {
    const a = shardPartial(Float32Array.from([0, 1]), 2, CENTROIDS, {
      partition: 1,
      firstRow: 0,
    });
    const b = shardPartial(Float32Array.from([1, 0]), 2, CENTROIDS, {
      partition: 0,
      firstRow: 7,
    });

    const merged = mergePartials(a, b);

    expect(merged.farthest.map((c) => [c.partition, c.row])).toEqual([
      [0, 7],
      [1, 0],
    ]);
  });

  it('refuses to merge partials of another k', () => {
    const a = shardPartial(POINTS, 2, CENTROIDS, { partition: 0, firstRow: 0 });
    const b = shardPartial(POINTS, 2, Float64Array.from([0, 0]), {
      partition: 1,
      firstRow: 0,
    });

    expect(() => mergePartials(a, b)).toThrow(/k = 1, 2 dimensions/);
  });
});
