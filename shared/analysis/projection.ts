import { covariance, type Covariance } from './covariance.ts';
import { AnalysisParameterError } from './errors.ts';
import { topEigenvectors } from './top-eigenvectors.ts';

export const PROJECTION_DEFAULTS = {
  seed: 1,
  maxIterations: 1000,
  tolerance: 1e-10,
} as const;

export interface ProjectionOptions {
  /** Seeds the starting subspace; default 1. */
  seed?: number;
  /** Cap on subspace iterations; default 1000. */
  maxIterations?: number;
  /** Converged when ‖C v - λ v‖ ≤ tolerance · λ₁ for both components; default 1e-10. */
  tolerance?: number;
  /**
   * The embeddings' covariance when already computed (the error-aware PCA's):
   * the same matrix gives the same projection, one O(n d²) pass fewer.
   */
  covariance?: Covariance;
}

/** Every sample placed on the plane of the first two principal components. */
export interface Projection {
  /** n x 2, row-major: (x - mean) · component 1, (x - mean) · component 2. */
  coordinates: Float32Array;
  /** Two unit vectors of `dimensions` loadings; the largest-magnitude loading is positive. */
  components: [Float64Array, Float64Array];
  /** Variance along each component (denominator n - 1). */
  explainedVariance: [number, number];
  /** Each variance over the total variance; both 0 when every sample is the same point. */
  explainedVarianceRatio: [number, number];
  /** Column means subtracted before projecting. */
  mean: Float64Array;
  converged: boolean;
  iterations: number;
}

/**
 * 2-D coordinates by PCA: the sample covariance is accumulated in blocks,
 * then its top two eigenvectors are found by subspace iteration (Golub and
 * Van Loan, Matrix Computations, 4th ed., section 8.2.4) on 10 seeded
 * vectors with a Rayleigh-Ritz step, until the residual of both is within
 * `tolerance` of the largest eigenvalue. With 10 dimensions or fewer the
 * first iteration is exact. With one dimension the second component is 0.
 */
export function pcaProjection(
  embeddings: Float32Array,
  dimensions: number,
  options: ProjectionOptions = {},
): Projection {
  const settings = checkedOptions(options);
  const cov = options.covariance ?? covariance(embeddings, dimensions);
  if (cov.dimensions !== dimensions) {
    throw new AnalysisParameterError(
      'covariance.dimensions',
      cov.dimensions,
      `the embeddings' ${dimensions}`,
    );
  }

  const top = topEigenvectors(cov.matrix, dimensions, settings);
  const totalVariance = trace(cov.matrix, dimensions);
  const components = top.vectors.map(withPositiveLargestLoading) as [
    Float64Array,
    Float64Array,
  ];
  const ratio = (value: number) => (totalVariance > 0 ? value / totalVariance : 0);

  return {
    coordinates: project(embeddings, cov.mean, components),
    components,
    explainedVariance: top.values,
    explainedVarianceRatio: [ratio(top.values[0]), ratio(top.values[1])],
    mean: cov.mean,
    converged: top.converged,
    iterations: top.iterations,
  };
}

function withPositiveLargestLoading(component: Float64Array): Float64Array {
  let largest = 0;
  component.forEach((value, j) => {
    if (Math.abs(value) > Math.abs(component[largest] as number)) {
      largest = j;
    }
  });

  return (component[largest] as number) < 0 ? component.map((v) => -v) : component;
}

function project(
  embeddings: Float32Array,
  mean: Float64Array,
  components: [Float64Array, Float64Array],
): Float32Array {
  const d = mean.length;
  const n = embeddings.length / d;
  const coordinates = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let x = 0;
    let y = 0;
    for (let j = 0; j < d; j++) {
      const centred = (embeddings[i * d + j] as number) - (mean[j] as number);
      x += centred * (components[0][j] as number);
      y += centred * (components[1][j] as number);
    }
    coordinates[2 * i] = x;
    coordinates[2 * i + 1] = y;
  }

  return coordinates;
}

function checkedOptions(
  options: ProjectionOptions,
): Required<Omit<ProjectionOptions, 'covariance'>> {
  const { covariance: _covariance, ...given } = options;
  const settings = { ...PROJECTION_DEFAULTS, ...given };
  if (!Number.isInteger(settings.maxIterations) || settings.maxIterations < 1) {
    throw new AnalysisParameterError(
      'maxIterations',
      settings.maxIterations,
      'a positive integer',
    );
  }
  if (!(settings.tolerance > 0)) {
    throw new AnalysisParameterError('tolerance', settings.tolerance, 'a number > 0');
  }

  return settings;
}

function trace(matrix: Float64Array, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    sum += matrix[i * d + i] as number;
  }

  return sum;
}
