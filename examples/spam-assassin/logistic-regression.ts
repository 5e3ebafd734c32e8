import { columnMeans, columnStds, standardize } from './standardize.ts';
import { validateTrainingData } from './training-data.ts';
import { addScaled, dot, dotAt, maxAbs, softmaxInPlace } from './vector-ops.ts';
import { createRandom } from './random.ts';

/**
 * Multinomial logistic regression on standardized features with an L2
 * penalty on the weights (not the biases), fitted by full-batch Nesterov
 * gradient descent with adaptive restart. The step is 1 / L with L the
 * gradient's Lipschitz bound (Böhning: half the largest eigenvalue of the
 * design's Gram matrix, found by seeded power iteration, plus the penalty).
 */
export interface LogisticRegressionOptions {
  /** Penalty on the squared weights, added to the mean cross-entropy as l2/2 |W|^2. */
  l2?: number;
  maxIterations?: number;
  /** Stop once every gradient component is smaller than this. */
  tolerance?: number;
  /** Seeds the power iteration's start vector. */
  seed?: number;
}

export interface LogisticRegressionModel {
  featureMean: number[];
  /** 1 where a feature is constant in training. */
  featureStd: number[];
  /** One row per class, on standardized features. */
  weights: number[][];
  bias: number[];
}

export interface TrainingOutcome {
  model: LogisticRegressionModel;
  converged: boolean;
  iterations: number;
  /** Penalized mean cross-entropy at the end. */
  loss: number;
}

const DEFAULTS = { l2: 1e-2, maxIterations: 5000, tolerance: 1e-5, seed: 1 };
const POWER_ITERATIONS = 300;

export function trainLogisticRegression(
  features: readonly ArrayLike<number>[],
  labels: readonly number[],
  classCount: number,
  options: LogisticRegressionOptions = {},
): TrainingOutcome {
  const settings = { ...DEFAULTS, ...options };
  const dimensions = validateTrainingData(features, labels, classCount, settings.l2);
  const featureMean = columnMeans(features, dimensions);
  const featureStd = columnStds(features, featureMean);
  const z = standardize(features, featureMean, featureStd);
  const design = { z, n: features.length, dimensions };
  const problem = { ...design, labels, classCount, l2: settings.l2 };
  const step = 1 / (0.5 * largestGramEigenvalue(design, settings.seed) + settings.l2);

  const fit = nesterov(problem, step, settings.maxIterations, settings.tolerance);
  return {
    model: { featureMean, featureStd, ...unpack(fit.theta, classCount, dimensions) },
    converged: fit.converged,
    iterations: fit.iterations,
    loss: objective(problem, fit.theta).loss,
  };
}

/** Class probabilities (softmax) for one raw, unstandardized feature vector. */
export function predictProbabilities(
  model: LogisticRegressionModel,
  x: ArrayLike<number>,
): number[] {
  const z = Float64Array.from(
    model.featureMean,
    (mean, d) => ((x[d] ?? 0) - mean) / (model.featureStd[d] ?? 1),
  );
  const scores = Float64Array.from(model.weights, (row, k) => {
    return (model.bias[k] ?? 0) + dotAt(Float64Array.from(row), 0, z, 0, z.length);
  });

  softmaxInPlace(scores);
  return Array.from(scores);
}

interface Problem {
  z: Float64Array;
  n: number;
  dimensions: number;
  labels: readonly number[];
  classCount: number;
  l2: number;
}

function nesterov(
  problem: Problem,
  step: number,
  maxIterations: number,
  tolerance: number,
) {
  const size = problem.classCount * (problem.dimensions + 1);
  let theta = new Float64Array(size);
  let lookahead = new Float64Array(size);
  let momentum = 0;

  for (let iteration = 1; iteration <= maxIterations; iteration += 1) {
    const { gradient } = objective(problem, lookahead);
    if (maxAbs(gradient) < tolerance) {
      return { theta: lookahead, converged: true, iterations: iteration };
    }

    const next = lookahead.map((value, i) => value - step * gradient[i]!);
    const change = next.map((value, i) => value - theta[i]!);
    const movedUphill = dot(gradient, change) > 0;
    momentum = movedUphill ? 0 : momentum + 1;
    const beta = momentum / (momentum + 3);
    lookahead = next.map((value, i) => value + beta * change[i]!);
    theta = next;
  }
  return { theta, converged: false, iterations: maxIterations };
}

/** Penalized mean cross-entropy and its gradient; theta = [W (K x D), b (K)]. */
function objective(problem: Problem, theta: Float64Array) {
  const { z, n, dimensions: D, classCount: K, labels, l2 } = problem;
  const gradient = new Float64Array(theta.length);
  const scores = new Float64Array(K);
  let loss = 0;

  for (let i = 0; i < n; i += 1) {
    const row = i * D;
    for (let k = 0; k < K; k += 1)
      scores[k] = theta[K * D + k]! + dotAt(theta, k * D, z, row, D);
    softmaxInPlace(scores);
    const label = labels[i]!;
    loss -= Math.log(Math.max(scores[label]!, 1e-300));
    for (let k = 0; k < K; k += 1) {
      const residual = (scores[k]! - (k === label ? 1 : 0)) / n;
      addScaled(gradient, k * D, z, row, D, residual);
      gradient[K * D + k] = gradient[K * D + k]! + residual;
    }
  }

  let penalty = 0;
  for (let j = 0; j < K * D; j += 1) {
    penalty += theta[j]! * theta[j]!;
    gradient[j] = gradient[j]! + l2 * theta[j]!;
  }
  return { loss: loss / n + (l2 / 2) * penalty, gradient };
}

/**
 * Largest eigenvalue of G = [Z 1]^T [Z 1] / n by power iteration on G, with a
 * 5 % margin; never above trace(G), which bounds it from above.
 */
function largestGramEigenvalue(
  design: { z: Float64Array; n: number; dimensions: number },
  seed: number,
) {
  const gram = gramMatrix(design);
  const size = design.dimensions + 1;
  const random = createRandom(seed);
  let vector = Float64Array.from({ length: size }, () => random() + 0.5);
  let eigenvalue = 0;

  for (let iteration = 0; iteration < POWER_ITERATIONS; iteration += 1) {
    const next = new Float64Array(size);
    for (let r = 0; r < size; r += 1) next[r] = dotAt(gram, r * size, vector, 0, size);
    eigenvalue = Math.sqrt(dot(next, next));
    vector = next.map((value) => value / eigenvalue);
  }
  let trace = 0;
  for (let r = 0; r < size; r += 1) trace += gram[r * size + r]!;
  return Math.min(eigenvalue * 1.05, trace);
}

/** [Z 1]^T [Z 1] / n, row-major, (D + 1) x (D + 1). */
function gramMatrix(design: { z: Float64Array; n: number; dimensions: number }) {
  const { z, n, dimensions: D } = design;
  const size = D + 1;
  const gram = new Float64Array(size * size);
  const augmented = new Float64Array(size);
  augmented[D] = 1;

  for (let i = 0; i < n; i += 1) {
    for (let d = 0; d < D; d += 1) augmented[d] = z[i * D + d]!;
    for (let r = 0; r < size; r += 1) {
      addScaled(gram, r * size, augmented, 0, size, augmented[r]! / n);
    }
  }
  return gram;
}

function unpack(theta: Float64Array, classCount: number, dimensions: number) {
  const weights = Array.from({ length: classCount }, (_, k) =>
    Array.from(theta.subarray(k * dimensions, (k + 1) * dimensions)),
  );

  return { weights, bias: Array.from(theta.subarray(classCount * dimensions)) };
}
