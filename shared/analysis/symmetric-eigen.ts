import { AnalysisParameterError } from './errors.ts';

/** Sweeps of the cyclic Jacobi method: far more than a small matrix needs. */
const MAX_SWEEPS = 100;

export interface SymmetricEigen {
  /** Descending. */
  values: Float64Array;
  /** Unit eigenvectors, `vectors[i]` belonging to `values[i]`. */
  vectors: Float64Array[];
  converged: boolean;
  sweeps: number;
}

/**
 * Eigenvalues and eigenvectors of a small symmetric matrix (size x size,
 * row-major) by the cyclic Jacobi method (Golub and Van Loan, Matrix
 * Computations, 4th ed., section 8.5): plane rotations zero each
 * off-diagonal entry in turn until the off-diagonal mass falls below 1e-30
 * of the total, or after 100 sweeps. Meant for the Rayleigh-Ritz step of
 * the projection (size around 10): each sweep costs O(size³).
 */
export function symmetricEigen(matrix: Float64Array, size: number): SymmetricEigen {
  if (!Number.isInteger(size) || size < 1 || matrix.length !== size * size) {
    throw new AnalysisParameterError(
      'size',
      size,
      `the side of a ${matrix.length}-entry square matrix`,
    );
  }
  const a = matrix.slice();
  const v = identity(size);

  let sweeps = 0;
  let converged = offDiagonal(a, size) <= 1e-30 * total(a);
  while (!converged && sweeps < MAX_SWEEPS) {
    for (let p = 0; p < size - 1; p++) {
      for (let q = p + 1; q < size; q++) {
        rotate(a, v, size, p, q);
      }
    }
    sweeps++;
    converged = offDiagonal(a, size) <= 1e-30 * total(a);
  }

  return { ...sortedPairs(a, v, size), converged, sweeps };
}

/** One Jacobi rotation in the (p, q) plane that zeroes a[p][q]. */
function rotate(a: Float64Array, v: Float64Array, size: number, p: number, q: number) {
  const apq = a[p * size + q] as number;
  if (apq === 0) {
    return;
  }

  const theta = ((a[q * size + q] as number) - (a[p * size + p] as number)) / (2 * apq);
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < size; k++) {
    const akp = a[k * size + p] as number;
    const akq = a[k * size + q] as number;
    a[k * size + p] = c * akp - s * akq;
    a[k * size + q] = s * akp + c * akq;
  }
  for (let k = 0; k < size; k++) {
    const apk = a[p * size + k] as number;
    const aqk = a[q * size + k] as number;
    a[p * size + k] = c * apk - s * aqk;
    a[q * size + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < size; k++) {
    const vkp = v[k * size + p] as number;
    const vkq = v[k * size + q] as number;
    v[k * size + p] = c * vkp - s * vkq;
    v[k * size + q] = s * vkp + c * vkq;
  }
}

function sortedPairs(a: Float64Array, v: Float64Array, size: number) {
  const order = Array.from({ length: size }, (_, i) => i).sort(
    (i, j) => (a[j * size + j] as number) - (a[i * size + i] as number) || i - j,
  );

  return {
    values: Float64Array.from(order, (i) => a[i * size + i] as number),
    vectors: order.map((i) =>
      Float64Array.from({ length: size }, (_, k) => v[k * size + i] as number),
    ),
  };
}

function identity(size: number): Float64Array {
  const m = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    m[i * size + i] = 1;
  }

  return m;
}

function offDiagonal(a: Float64Array, size: number): number {
  let sum = 0;
  a.forEach((value, index) => {
    sum += index % (size + 1) === 0 ? 0 : value * value;
  });

  return sum;
}

function total(a: Float64Array): number {
  return a.reduce((sum, value) => sum + value * value, 0);
}
