import { describe, expect, it } from 'vitest';

import { covariance } from '../../../shared/analysis/covariance.ts';
import { AnalysisParameterError } from '../../../shared/analysis/errors.ts';
import { pcaProjection } from '../../../shared/analysis/projection.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import { gaussian } from './planted.ts';

/*
 * Reference values from numpy 2.4.6, sign set by the same convention
 * (largest-magnitude loading positive):
 *   C = np.cov(X, rowvar=False); w, V = np.linalg.eigh(C)
 *   w, V = w[::-1][:2], V[:, ::-1][:, :2]; ratio = w / np.trace(C)
 *   coords = (X - X.mean(0)) @ V
 * X is SMALL below for the first fixture and anisotropic(60, 16, 7) for the
 * second, both as the float32 values these tests pass (X.astype(np.float32)).
 */
const SMALL = Float32Array.from(
  [
    [2.5, 2.4, 0.5, 1.0],
    [0.5, 0.7, 1.5, 0.2],
    [2.2, 2.9, 0.3, 1.1],
    [1.9, 2.2, 0.9, 0.8],
    [3.1, 3.0, 0.1, 1.5],
    [2.3, 2.7, 0.4, 0.9],
    [2.0, 1.6, 1.2, 0.6],
    [1.0, 1.1, 1.8, 0.3],
    [1.5, 1.6, 1.1, 0.7],
    [1.1, 0.9, 1.6, 0.1],
    [0.8, 1.3, 1.4, 0.4],
    [2.7, 2.1, 0.6, 1.2],
  ].flat(),
);

const SMALL_REFERENCE = {
  values: [1.691208334212236, 0.0775025448083472],
  ratios: [0.9415018281154958, 0.04314594845859179],
  first: [
    0.6077714775093038, 0.5905622638172185, -0.42241439033245765, 0.3215837783864384,
  ],
  second: [
    0.7477983681704312, -0.589754830758046, 0.29857931917196767, 0.06194538176484639,
  ],
  coordinates: [
    [1.011327420983562, 0.09599559962798536],
    [-1.8878528579679883, -0.1479948472056677],
    [1.2409183971569009, -0.47674261116603517],
  ],
};

const WIDE_REFERENCE = {
  values: [286.41648962785456, 237.0934641702786],
  ratios: [0.197458691190319, 0.1634548527065288],
  first: [
    0.8463705556952911, 0.2936196767109403, -0.3443655850903444, 0.10198880541010659,
    0.1017756966311271, -0.04722761639551859, 6.321705148511607e-5,
    -0.10071568705411801, -0.19615489349609758, -0.03668270967725146,
    0.014979677038056869, -0.041489929978657206, 0.021519414338517534,
    0.05770391254813097, -0.004868499044852627, 0.011743255126444542,
  ],
  second: [
    -0.006687685347208886, 0.7153416841648176, 0.5381084679698207, -0.05256425347258847,
    -0.31109676559522004, -0.1535334571042251, -0.06133840943728272,
    -0.18625868289322303, 0.08162791107150638, -0.15729255146637366,
    -0.027098979863219772, 0.014462443171617262, 0.06039796668752015,
    0.03291603607980984, 0.00527566329813569, 0.0016174851270576922,
  ],
  coordinates: [
    [1.7583136557554402, -18.02732669273017],
    [15.525223608652961, 20.624880684483454],
    [14.672041450016282, -3.279100303924616],
  ],
};

/** Column j drawn as (d - j) · N(0, 1) + j: decreasing spread, distinct means. */
function anisotropic(n: number, d: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const m = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      m[i * d + j] = (d - j) * gaussian(random) + j;
    }
  }

  return m;
}

function expectClose(actual: ArrayLike<number>, expected: number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => {
    expect(Math.abs((actual[i] as number) - value)).toBeLessThan(tolerance);
  });
}

function expectMatchesReference(
  points: Float32Array,
  d: number,
  reference: typeof SMALL_REFERENCE,
) {
  const projection = pcaProjection(points, d);

  expect(projection.converged).toBe(true);
  expectClose(projection.explainedVariance, reference.values, 1e-9);
  expectClose(projection.explainedVarianceRatio, reference.ratios, 1e-9);
  expectClose(projection.components[0], reference.first, 1e-7);
  expectClose(projection.components[1], reference.second, 1e-7);
  expectClose(
    projection.coordinates.subarray(0, 6),
    reference.coordinates.flat(),
    1e-5,
  );
  return projection;
}

describe('Function: pcaProjection', () => {
  it('matches numpy on 4 dimensions, exact after one iteration', () => {
    const projection = expectMatchesReference(SMALL, 4, SMALL_REFERENCE);

    expect(projection.iterations).toBe(1);
    expect(projection.coordinates.length).toBe(24);
  });

  it('matches numpy on 16 dimensions by subspace iteration', () => {
    const projection = expectMatchesReference(
      anisotropic(60, 16, 7),
      16,
      WIDE_REFERENCE,
    );

    expect(projection.iterations).toBeGreaterThan(1);
  });

  it('gives the same components whatever the seed of the starting subspace', () => {
    const points = anisotropic(60, 16, 7);
    const a = pcaProjection(points, 16, { seed: 1 });
    const b = pcaProjection(points, 16, { seed: 99 });

    expectClose(b.components[0], Array.from(a.components[0]), 1e-7);
    expectClose(b.components[1], Array.from(a.components[1]), 1e-7);
  });

  it('returns coordinates with zero mean and the explained variances', () => {
    const n = 60;
    const { coordinates, explainedVariance } = pcaProjection(anisotropic(n, 16, 3), 16);
    const xs = Array.from({ length: n }, (_, i) => coordinates[2 * i] as number);
    const ys = Array.from({ length: n }, (_, i) => coordinates[2 * i + 1] as number);
    const variance = (v: number[]) => v.reduce((s, x) => s + x * x, 0) / (n - 1);

    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / n)).toBeLessThan(1e-4);
    expect(variance(xs)).toBeCloseTo(explainedVariance[0], 3);
    expect(variance(ys)).toBeCloseTo(explainedVariance[1], 3);
  });

  it('reports not converged when the iteration cap is reached', () => {
    const projection = pcaProjection(anisotropic(60, 16, 7), 16, { maxIterations: 1 });

    expect(projection).toMatchObject({ converged: false, iterations: 1 });
  });

  it('gives zero coordinates and ratios when every sample is the same point', () => {
    const projection = pcaProjection(new Float32Array(12).fill(3), 4);

    expect(Array.from(projection.coordinates)).toEqual(new Array(6).fill(0));
    expect(projection.explainedVarianceRatio).toEqual([0, 0]);
    expect(projection.converged).toBe(true);
  });

  it('gives a zero second component with one dimension', () => {
    const projection = pcaProjection(Float32Array.from([1, 2, 3, 6]), 1);

    expect(Array.from(projection.components[0])).toEqual([1]);
    expect(Array.from(projection.components[1])).toEqual([0]);
    expect(Array.from(projection.coordinates)).toEqual([-2, 0, -1, 0, 0, 0, 3, 0]);
    expect(projection.explainedVarianceRatio).toEqual([1, 0]);
  });

  it('handles more dimensions than samples (a rank-deficient covariance)', () => {
    const points = anisotropic(3, 20, 5);
    const projection = pcaProjection(points, 20);

    expect(projection.converged).toBe(true);
    expect(
      projection.explainedVarianceRatio[0] + projection.explainedVarianceRatio[1],
    ).toBeCloseTo(1, 9);
  });

  it('refuses a non-finite value, naming its row and column', () => {
    const points = Float32Array.from([1, 2, 3, NaN]);

    expect(() => pcaProjection(points, 2)).toThrow(AnalysisParameterError);
    expect(() => pcaProjection(points, 2)).toThrow(
      'embeddings[1][1] must be a finite number, got NaN',
    );
  });

  it('refuses an empty matrix and a bad iteration cap', () => {
    expect(() => pcaProjection(new Float32Array(0), 3)).toThrow(
      'non-empty n x 3 matrix',
    );
    expect(() => pcaProjection(SMALL, 4, { maxIterations: 0 })).toThrow(
      'parameter maxIterations must be a positive integer, got 0',
    );
  });

  it('projects 100,000 x 128 in a few seconds', () => {
    const random = seededRandom(11);
    const points = Float32Array.from({ length: 100_000 * 128 }, () => random() - 0.5);
    const started = performance.now();

    const projection = pcaProjection(points, 128, { maxIterations: 50 });

    expect(projection.coordinates.length).toBe(200_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('gives the same projection from a covariance computed before', () => {
    const given = covariance(SMALL, 4);

    expect(pcaProjection(SMALL, 4, { covariance: given })).toEqual(
      pcaProjection(SMALL, 4),
    );
    expect(() => pcaProjection(SMALL, 4, { covariance: covariance(SMALL, 2) })).toThrow(
      AnalysisParameterError,
    );
  });
});
