import { describe, expect, it } from 'vitest';
import { TrainingError } from '../../../examples/spam-assassin/errors.ts';
import {
  predictProbabilities,
  trainLogisticRegression,
} from '../../../examples/spam-assassin/logistic-regression.ts';
import { createRandom, normal } from '../../../examples/spam-assassin/random.ts';

const DIMENSIONS = 10;

/**
 * Points drawn around a planted hyperplane w.x + b = 0 in raw (unstandardized)
 * space, features on different scales and offsets, labelled by its side.
 * Points closer than `margin` to the plane are dropped, so the classes are
 * separable and a correct fit classifies every point.
 */
function plantedData(seed: number, count: number, margin = 0.3) {
  const random = createRandom(seed);
  const plane = Array.from({ length: DIMENSIONS }, () => normal(random));
  const scales = Array.from({ length: DIMENSIONS }, (_, d) => 1 + d);
  const offsets = Array.from({ length: DIMENSIONS }, (_, d) => 5 - d);
  const features: number[][] = [];
  const labels: number[] = [];
  while (features.length < count) {
    const unit = Array.from({ length: DIMENSIONS }, () => normal(random));
    const side = unit.reduce((sum, value, d) => sum + value * (plane[d] ?? 0), 0.5);
    if (Math.abs(side) < margin) continue;
    features.push(unit.map((value, d) => value * (scales[d] ?? 1) + (offsets[d] ?? 0)));
    labels.push(side > 0 ? 1 : 0);
  }

  return { features, labels };
}

function accuracy(
  model: Parameters<typeof predictProbabilities>[0],
  data: ReturnType<typeof plantedData>,
) {
  const correct = data.features.filter((x, i) => {
    const [p0 = 0, p1 = 0] = predictProbabilities(model, x);
    return (p1 > p0 ? 1 : 0) === data.labels[i];
  });

  return correct.length / data.features.length;
}

describe('Function: trainLogisticRegression', () => {
  it('recovers a planted separating hyperplane on held-out points', () => {
    const all = plantedData(7, 1400);
    const training = {
      features: all.features.slice(0, 400),
      labels: all.labels.slice(0, 400),
    };
    const heldOut = {
      features: all.features.slice(400),
      labels: all.labels.slice(400),
    };

    const outcome = trainLogisticRegression(training.features, training.labels, 2, {
      l2: 1e-4,
    });

    expect(outcome.converged).toBe(true);
    expect(accuracy(outcome.model, training)).toBe(1);
    expect(accuracy(outcome.model, heldOut)).toBeGreaterThan(0.97);
  });

  it('gives the same weights for the same data and seed', () => {
    const data = plantedData(11, 300);

    const first = trainLogisticRegression(data.features, data.labels, 2, { seed: 3 });
    const second = trainLogisticRegression(data.features, data.labels, 2, { seed: 3 });

    expect(second).toEqual(first);
  });

  it('returns probabilities that sum to 1 and favour the right class', () => {
    const data = plantedData(5, 200);
    const { model } = trainLogisticRegression(data.features, data.labels, 2);

    const probabilities = predictProbabilities(model, data.features[0] ?? []);

    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(probabilities[data.labels[0] ?? 0]).toBeGreaterThan(0.5);
  });

  it('reports the iteration cap when it stops before converging', () => {
    const data = plantedData(5, 200);

    const outcome = trainLogisticRegression(data.features, data.labels, 2, {
      maxIterations: 3,
      tolerance: 1e-12,
    });

    expect(outcome).toMatchObject({ converged: false, iterations: 3 });
  });

  it('shrinks the weights as the L2 penalty grows', () => {
    const data = plantedData(9, 300);
    const norm = (l2: number) => {
      const { model } = trainLogisticRegression(data.features, data.labels, 2, { l2 });
      return Math.hypot(...model.weights.flat());
    };

    expect(norm(1)).toBeLessThan(norm(1e-2));
  });

  it('separates three classes planted as clusters', () => {
    const random = createRandom(21);
    const centres = [
      [4, 0],
      [-4, 0],
      [0, 4],
    ];
    const labels = Array.from({ length: 300 }, (_, i) => i % 3);
    const features = labels.map((label) =>
      (centres[label] ?? []).map((centre) => centre + normal(random)),
    );

    const { model } = trainLogisticRegression(features, labels, 3);
    const predicted = features.map((x) => {
      const probabilities = predictProbabilities(model, x);
      return probabilities.indexOf(Math.max(...probabilities));
    });

    expect(predicted.filter((label, i) => label === labels[i]).length).toBeGreaterThan(
      290,
    );
  });

  it('rejects empty data, mismatched labels, non-finite features and bad labels', () => {
    expect(() => trainLogisticRegression([], [], 2)).toThrow(TrainingError);
    expect(() => trainLogisticRegression([[1], [2]], [0], 2)).toThrow(
      'expected 2 labels, one per sample (field labels, value 1)',
    );
    expect(() => trainLogisticRegression([[1], [Number.NaN]], [0, 1], 2)).toThrow(
      'sample 1 has a non-finite feature (field features[1][0], value NaN)',
    );
    expect(() => trainLogisticRegression([[1], [2]], [0, 2], 2)).toThrow(
      'label of sample 1 is not a class index below 2 (field labels[1], value 2)',
    );
    expect(() => trainLogisticRegression([[1], [2, 3]], [0, 1], 2)).toThrow(
      'sample 1 has 2 features, expected 1',
    );
  });

  it('treats a constant feature as standard deviation 1 instead of dividing by zero', () => {
    const features = [
      [0, 5],
      [1, 5],
      [2, 5],
      [3, 5],
    ];

    const { model } = trainLogisticRegression(features, [0, 0, 1, 1], 2);

    expect(model.featureStd[1]).toBe(1);
    expect(model.weights.flat().every(Number.isFinite)).toBe(true);
  });
});
