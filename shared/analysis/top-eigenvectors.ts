import { seededRandom } from './random.ts';
import type { RandomSource } from './random.ts';
import { symmetricEigen } from './symmetric-eigen.ts';

/** Extra vectors iterated beside the two wanted: convergence goes as λ₁₁ / λ₂. */
const OVERSAMPLING = 8;

export interface EigenSettings {
  seed: number;
  maxIterations: number;
  /** Converged when ‖C v - λ v‖ ≤ tolerance · λ₁ for both vectors. */
  tolerance: number;
}

export interface TopTwo {
  /** Largest first, clipped at 0. */
  values: [number, number];
  vectors: [Float64Array, Float64Array];
  converged: boolean;
  iterations: number;
}

/**
 * The two largest eigenpairs of a symmetric positive semi-definite d x d
 * matrix C (row-major) by subspace iteration from b = min(d, 10) seeded
 * vectors: with Q orthonormal (d x b), each step takes CQ, solves the b x b
 * problem QᵀCQ = UΛUᵀ and forms the Ritz vectors V = QU (with CV = CQ·U); it
 * stops when the top two residuals are small, else orthonormalises CV.
 */
export function topEigenvectors(
  c: Float64Array,
  d: number,
  settings: EigenSettings,
): TopTwo {
  const b = Math.min(d, 2 + OVERSAMPLING);
  const random = seededRandom(settings.seed);
  let q = orthonormalise(Array.from({ length: b }, () => randomVector(d, random)));
  let ritz = rayleighRitz(c, q);

  let iterations = 1;
  let converged = residualsSmall(ritz, settings.tolerance, 2);
  while (!converged && iterations < settings.maxIterations) {
    q = orthonormalise(ritz.products);
    ritz = rayleighRitz(c, q);
    iterations++;
    converged = residualsSmall(ritz, settings.tolerance, 2);
  }

  return { ...topTwo(ritz, d), converged, iterations };
}

/** The `count` largest eigenpairs, largest first. */
export interface TopEigenpairs {
  /** Clipped at 0. */
  values: Float64Array;
  vectors: Float64Array[];
  converged: boolean;
  iterations: number;
}

/**
 * The `count` largest eigenpairs of a symmetric positive semi-definite d x d
 * matrix by the same subspace iteration as `topEigenvectors`, from
 * min(d, count + 8) seeded vectors; converged when the residual of each of
 * the `count` pairs is within `tolerance` of the largest eigenvalue.
 */
export function topEigenpairs(
  c: Float64Array,
  d: number,
  count: number,
  settings: EigenSettings,
): TopEigenpairs {
  const wanted = Math.min(count, d);
  const b = Math.min(d, wanted + OVERSAMPLING);
  const random = seededRandom(settings.seed);
  let ritz = rayleighRitz(
    c,
    orthonormalise(Array.from({ length: b }, () => randomVector(d, random))),
  );

  let iterations = 1;
  let converged = residualsSmall(ritz, settings.tolerance, wanted);
  while (!converged && iterations < settings.maxIterations) {
    ritz = rayleighRitz(c, orthonormalise(ritz.products));
    iterations++;
    converged = residualsSmall(ritz, settings.tolerance, wanted);
  }

  return {
    values: Float64Array.from(ritz.values.subarray(0, wanted), (v) => Math.max(v, 0)),
    vectors: ritz.vectors.slice(0, wanted),
    converged,
    iterations,
  };
}

interface Ritz {
  values: Float64Array;
  /** Ritz vectors, largest value first. */
  vectors: Float64Array[];
  /** C times each Ritz vector. */
  products: Float64Array[];
}

function rayleighRitz(c: Float64Array, q: Float64Array[]): Ritz {
  const b = q.length;
  const cq = q.map((column) => multiply(c, column));
  const h = new Float64Array(b * b);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < b; j++) {
      h[i * b + j] =
        (dot(q[i] as Float64Array, cq[j] as Float64Array) +
          dot(q[j] as Float64Array, cq[i] as Float64Array)) /
        2;
    }
  }
  const eigen = symmetricEigen(h, b);

  return {
    values: eigen.values,
    vectors: eigen.vectors.map((u) => combine(q, u)),
    products: eigen.vectors.map((u) => combine(cq, u)),
  };
}

function residualsSmall(ritz: Ritz, tolerance: number, count: number): boolean {
  const scale = Math.max(ritz.values[0] as number, 0);
  const wanted = Math.min(count, ritz.values.length);

  for (let i = 0; i < wanted; i++) {
    const lambda = ritz.values[i] as number;
    const v = ritz.vectors[i] as Float64Array;
    const cv = ritz.products[i] as Float64Array;
    let squared = 0;
    cv.forEach((value, j) => {
      squared += (value - lambda * (v[j] as number)) ** 2;
    });
    if (Math.sqrt(squared) > tolerance * scale) {
      return false;
    }
  }
  return true;
}

/** The top two Ritz pairs; with one dimension the second is zero. */
function topTwo(ritz: Ritz, d: number): Pick<TopTwo, 'values' | 'vectors'> {
  const second = ritz.vectors[1] ?? new Float64Array(d);

  return {
    values: [Math.max(ritz.values[0] as number, 0), Math.max(ritz.values[1] ?? 0, 0)],
    vectors: [ritz.vectors[0] as Float64Array, second],
  };
}

/**
 * Modified Gram-Schmidt. A column that vanishes (the span is smaller than b)
 * is replaced by the next unit axis that survives orthogonalisation, so the
 * result is always b orthonormal columns.
 */
function orthonormalise(columns: Float64Array[]): Float64Array[] {
  const d = (columns[0] as Float64Array).length;
  const basis: Float64Array[] = [];
  let axis = 0;
  for (const column of columns) {
    let candidate = orthogonalised(column, basis);
    while (candidate === null) {
      candidate = orthogonalised(unitAxis(d, axis++), basis);
    }
    basis.push(candidate);
  }

  return basis;
}

/** The column with its projections on `basis` removed, scaled to unit norm; null when it vanishes. */
function orthogonalised(
  column: Float64Array,
  basis: Float64Array[],
): Float64Array | null {
  const start = Math.sqrt(dot(column, column));
  const v = column.slice();
  for (let pass = 0; pass < 2; pass++) {
    for (const u of basis) {
      const along = dot(u, v);
      v.forEach((value, j) => (v[j] = value - along * (u[j] as number)));
    }
  }
  const norm = Math.sqrt(dot(v, v));

  return norm > 1e-10 * start && norm > 0 ? v.map((value) => value / norm) : null;
}

function multiply(matrix: Float64Array, vector: Float64Array): Float64Array {
  const d = vector.length;
  const result = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) {
      sum += (matrix[i * d + j] as number) * (vector[j] as number);
    }
    result[i] = sum;
  }

  return result;
}

/** Σ columns[k] · weights[k]. */
function combine(columns: Float64Array[], weights: Float64Array): Float64Array {
  const result = new Float64Array((columns[0] as Float64Array).length);
  columns.forEach((column, k) => {
    const w = weights[k] as number;
    column.forEach((value, j) => (result[j] = (result[j] as number) + w * value));
  });

  return result;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) {
    sum += (a[j] as number) * (b[j] as number);
  }

  return sum;
}

function randomVector(d: number, random: RandomSource): Float64Array {
  return Float64Array.from({ length: d }, () => random() - 0.5);
}

function unitAxis(d: number, axis: number): Float64Array {
  const v = new Float64Array(d);
  v[axis] = 1;

  return v;
}
