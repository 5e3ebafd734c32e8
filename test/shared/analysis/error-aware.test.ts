import { describe, expect, it } from 'vitest';

import { clusterEmbeddings } from '../../../shared/analysis/cluster-embeddings.ts';
import {
  errorAwareFeatures,
  type ErrorSignal,
} from '../../../shared/analysis/error-aware.ts';
import { AnalysisParameterError } from '../../../shared/analysis/errors.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import { gaussian } from './planted.ts';

/** n rows whose column j is normal with standard deviation spreads[j]. */
function spreadColumns(n: number, spreads: number[], seed: number): Float32Array {
  const random = seededRandom(seed);
  const d = spreads.length;

  return Float32Array.from(
    { length: n * d },
    (_, i) => spreads[i % d]! * gaussian(random),
  );
}

/** Binary classification: all labels class 0, p(class 0) per sample. */
function binarySignal(pClass0: number[]): ErrorSignal {
  return {
    kind: 'classification',
    classCount: 2,
    labels: new Int32Array(pClass0.length),
    probabilities: Float64Array.from(pClass0.flatMap((p) => [p, 1 - p])),
  };
}

function column(features: Float32Array, width: number, j: number): number[] {
  return Array.from(
    { length: features.length / width },
    (_, i) => features[i * width + j]!,
  );
}

function variance(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;

  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
}

const lossSignal = (losses: number[]): ErrorSignal => ({
  kind: 'loss',
  losses: Float64Array.from(losses),
});

describe('Function: errorAwareFeatures', () => {
  it('keeps the fewest components holding 90% of the variance when d > 32', () => {
    const spreads = [10, 10, 10, 10, 10, ...Array<number>(43).fill(0.1)];
    const embeddings = spreadColumns(400, spreads, 3);

    const { summary, dimensions } = errorAwareFeatures(
      embeddings,
      48,
      lossSignal(Array.from({ length: 400 }, (_, i) => i % 7)),
    );

    expect(summary.components).toBe(5);
    expect(summary.keptVarianceRatio).toBeGreaterThan(0.9);
    expect(summary.pcaConverged).toBe(true);
    expect(dimensions).toBe(5 + 1);
  });

  it('caps the components at 32 when the variance is spread evenly', () => {
    const embeddings = spreadColumns(300, Array<number>(64).fill(1), 4);

    const { summary } = errorAwareFeatures(
      embeddings,
      64,
      lossSignal(Array(300).fill(1)),
    );

    expect(summary.components).toBe(32);
    expect(summary.keptVarianceRatio).toBeLessThan(0.9);
  });

  it('keeps every dimension of an embedding of 32 or fewer, the first at variance 1', () => {
    const embeddings = spreadColumns(500, [3, 1, 0.5, 0.2], 5);

    const { features, dimensions, summary } = errorAwareFeatures(
      embeddings,
      4,
      binarySignal(Array.from({ length: 500 }, (_, i) => (i % 5 === 0 ? 0.3 : 0.9))),
    );

    expect(summary.components).toBe(4);
    expect(dimensions).toBe(4 + 4);
    expect(variance(column(features, 8, 0))).toBeCloseTo(1, 5);
    expect(summary.keptVarianceRatio).toBeCloseTo(1, 9);
  });

  it('gives the error block errorWeight times the first component variance', () => {
    const embeddings = spreadColumns(500, [3, 1, 0.5, 0.2], 6);
    const signal = binarySignal(
      Array.from({ length: 500 }, (_, i) => (i % 4 === 0 ? 0.2 : 0.95)),
    );

    const { features, summary } = errorAwareFeatures(embeddings, 4, signal, {
      errorWeight: 2.5,
    });

    const errorVariance = [4, 5, 6, 7]
      .map((j) => variance(column(features, 8, j)))
      .reduce((s, v) => s + v, 0);
    expect(errorVariance).toBeCloseTo(2.5, 5);
    expect(summary.errorWeight).toBeCloseTo(2.5, 9);
    const embeddingVariance = [0, 1, 2, 3]
      .map((j) => variance(column(features, 8, j)))
      .reduce((s, v) => s + v, 0);
    expect(summary.errorVarianceShare).toBeCloseTo(2.5 / (2.5 + embeddingVariance), 5);
  });

  it('scales losses by the median and MAD, clipping extreme ones at 3', () => {
    const losses = [1, 1, 2, 2, 3, 3, 1000];
    const embeddings = spreadColumns(7, [1, 1], 7);

    const { features } = errorAwareFeatures(embeddings, 2, lossSignal(losses));

    const error = column(features, 3, 2);
    const atMedian = error[2]!;
    // MAD = 1, so loss 3 lies 1 / 1.4826 robust units above the median of 2.
    expect((error[6]! - atMedian) / (error[4]! - atMedian)).toBeCloseTo(3 * 1.4826, 5);
  });

  it('leaves a constant error block at zero', () => {
    const embeddings = spreadColumns(50, [2, 1], 8);

    const { features, summary } = errorAwareFeatures(
      embeddings,
      2,
      binarySignal(Array(50).fill(0.9)),
    );

    expect(
      [2, 3, 4, 5].every((j) => column(features, 6, j).every((v) => v === 0)),
    ).toBe(true);
    expect(summary.errorVarianceShare).toBe(0);
  });

  it('separates a planted failing group that the embedding alone mixes in', () => {
    const random = seededRandom(9);
    const n = 360;
    const failing = (i: number) => i >= 300;
    const embeddings = Float32Array.from({ length: n * 4 }, (_, index) => {
      const shift = failing(Math.floor(index / 4)) && index % 4 === 0 ? 0.5 : 0;
      return shift + gaussian(random);
    });
    const signal = binarySignal(
      Array.from({ length: n }, (_, i) => (failing(i) ? 0.2 : 0.95)),
    );
    const kmeansOptions = {
      k: 2,
      seed: 1,
      maxIterations: 100,
      tolerance: 1e-9,
      restarts: 3,
    };

    const built = errorAwareFeatures(embeddings, 4, signal);
    const aware = clusterEmbeddings(built.features, built.dimensions, kmeansOptions);
    const plain = clusterEmbeddings(embeddings, 4, kmeansOptions);

    const purityOfBest = (assignments: Int32Array) =>
      Math.max(
        ...[0, 1].map((c) => {
          const members = [...assignments.keys()].filter((i) => assignments[i] === c);
          return members.filter(failing).length / members.length;
        }),
      );
    expect(purityOfBest(aware.assignments)).toBe(1);
    expect(
      aware.assignments.filter((c, i) => failing(i) && c === aware.assignments[300])
        .length,
    ).toBe(60);
    expect(purityOfBest(plain.assignments)).toBeLessThan(0.5);
  });

  it('returns the same features for the same input', () => {
    const embeddings = spreadColumns(200, Array<number>(40).fill(1), 10);
    const signal = lossSignal(Array.from({ length: 200 }, (_, i) => (i * 7) % 13));

    expect(errorAwareFeatures(embeddings, 40, signal)).toEqual(
      errorAwareFeatures(embeddings, 40, signal),
    );
  });

  it('refuses a label outside the classes, naming the sample row and the value', () => {
    const signal = binarySignal([0.9, 0.8]);
    (signal as { labels: Int32Array }).labels[1] = 2;

    expect(() => errorAwareFeatures(new Float32Array([0, 1, 2, 3]), 2, signal)).toThrow(
      /parameter signal\.labels\[1\] must be 0 to 1, got 2/,
    );
  });

  it('refuses a signal of another length than the embeddings', () => {
    expect(() =>
      errorAwareFeatures(new Float32Array([0, 1, 2, 3]), 2, lossSignal([1, 2, 3])),
    ).toThrow(/parameter signal\.losses must be 2 losses, got 3/);
  });

  it('refuses a negative error weight or a variance share outside (0, 1]', () => {
    const embeddings = new Float32Array([0, 1, 2, 3]);
    const signal = lossSignal([1, 2]);

    expect(() =>
      errorAwareFeatures(embeddings, 2, signal, { errorWeight: -1 }),
    ).toThrow(AnalysisParameterError);
    expect(() =>
      errorAwareFeatures(embeddings, 2, signal, { varianceShare: 1.5 }),
    ).toThrow(/parameter varianceShare must be in \(0, 1\], got 1\.5/);
  });
});
