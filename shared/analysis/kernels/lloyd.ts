import { AnalysisParameterError } from '../errors.ts';
import { kernels, kernelThreads, splitRange } from './kernels.ts';
import type { Kernels } from './kernels.ts';

/** Rows per chunk: each chunk keeps its own sums, added in chunk order. */
export const CHUNK_ROWS = 16384;
/** Centroids per register block of the kernel. */
const CENTROID_BLOCK = 8;
/** Bytes of scratch each thread's kernel uses. */
const SCRATCH_BYTES = 480;
/** 2^-24: the unit roundoff of float32. */
const FLOAT32_ROUNDOFF = 2 ** -24;

/** One Lloyd pass: where each row goes and what it adds to its centroid. */
export interface LloydStep {
  /** Nearest centroid of each row (ties: the lower index). */
  assignments: Int32Array;
  /** k x d, row-major: sum of the rows of each centroid. */
  sums: Float64Array;
  /** Rows of each centroid. */
  counts: Int32Array;
}

interface Layout {
  points: number;
  ownsPoints: boolean;
  rowNorms: number;
  assignments: number;
  centroids64: number;
  norms64: number;
  transposed: number;
  norms32: number;
  sums: number;
  counts: number;
  scratch: number;
}

/**
 * The kernels' state for clustering n rows of d float32 values into k
 * groups: the rows (copied into kernel memory unless they already live
 * there), their f64 squared norms, and room for centroids, assignments and
 * per-chunk sums. Each `step` is exact: a row's nearest centroid is found in
 * float32 SIMD (‖c‖² − 2 x·c as blocked products) and checked in float64
 * whenever the runner-up is within the float32 error bound, so the
 * assignments equal those of a float64 search. `close` frees the memory.
 */
export class LloydSession {
  readonly chunks: number;
  private readonly kernels: Kernels = kernels();
  private readonly layout: Layout;
  private readonly paddedK: number;
  private centroidNormMax = 0;
  private closed = false;

  constructor(
    points: Float32Array,
    readonly n: number,
    readonly d: number,
    readonly k: number,
  ) {
    checkShape(points, n, d, k);
    this.chunks = Math.ceil(n / CHUNK_ROWS);
    this.paddedK = Math.ceil(k / CENTROID_BLOCK) * CENTROID_BLOCK;
    this.layout = this.allocate(points);
    this.parallelRows((row0, row1) => ({
      name: 'rowNorms',
      args: [this.layout.points, d, row0, row1, this.layout.rowNorms],
    }));
  }

  /** Assigns every row to its nearest centroid and sums the rows per centroid. */
  step(centroids: Float64Array): LloydStep {
    this.setCentroids(centroids);
    const { memory, pool } = this.kernels;
    const { d, k, n, layout } = this;
    memory.f64(layout.sums, this.chunks * k * d).fill(0);
    memory.i32(layout.counts, this.chunks * k).fill(0);

    const ranges = splitRange(this.chunks, kernelThreads());
    pool.run(
      ranges.map(([chunk0, chunk1], t) => ({
        name: 'lloydChunks',
        args: [
          layout.points,
          d,
          n,
          CHUNK_ROWS,
          chunk0,
          chunk1,
          layout.transposed,
          layout.norms32,
          this.paddedK,
          k,
          layout.centroids64,
          layout.norms64,
          layout.rowNorms,
          this.marginScale(),
          this.centroidNormMax,
          layout.assignments,
          layout.sums,
          layout.counts,
          layout.scratch + t * SCRATCH_BYTES,
        ],
      })),
    );

    return {
      assignments: memory.i32(layout.assignments, n).slice(),
      ...this.totals(),
    };
  }

  /**
   * max(0, ‖x‖² − 2 x·c + ‖c‖²) in float64 from each row to the centroid
   * `assignments` gives it, among `centroids`.
   */
  assignedDistances(centroids: Float64Array, assignments: Int32Array): Float64Array {
    this.setCentroids(centroids);
    const { memory } = this.kernels;
    const { d, n, layout } = this;
    memory.i32(layout.assignments, n).set(assignments);
    const out = memory.allocate(n * 8);
    try {
      this.parallelRows((row0, row1) => ({
        name: 'assignedDistances',
        args: [
          layout.points,
          d,
          row0,
          row1,
          layout.assignments,
          layout.centroids64,
          layout.norms64,
          layout.rowNorms,
          out,
        ],
      }));
      return memory.f64(out, n).slice();
    } finally {
      memory.free(out);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const { memory } = this.kernels;
    const { ownsPoints, points, ...rest } = this.layout;
    if (ownsPoints) memory.free(points);
    Object.values(rest).forEach((offset) => memory.free(offset));
  }

  private allocate(points: Float32Array): Layout {
    const { memory } = this.kernels;
    const { n, d, k } = this;
    const inPlace = memory.offsetOf(points);
    const offset = inPlace ?? memory.allocate(n * d * 4);
    if (inPlace === null) memory.f32(offset, n * d).set(points.subarray(0, n * d));

    return {
      points: offset,
      ownsPoints: inPlace === null,
      rowNorms: memory.allocate(n * 8),
      assignments: memory.allocate(n * 4),
      centroids64: memory.allocate(k * d * 8),
      norms64: memory.allocate(k * 8),
      transposed: memory.allocate(d * this.paddedK * 4),
      norms32: memory.allocate(this.paddedK * 4),
      sums: memory.allocate(this.chunks * k * d * 8),
      counts: memory.allocate(this.chunks * k * 4),
      scratch: memory.allocate(kernelThreads() * SCRATCH_BYTES),
    };
  }

  /** Writes the centroids as float64 rows and as float32 columns, with norms. */
  private setCentroids(centroids: Float64Array): void {
    const { memory } = this.kernels;
    const { d, k, layout, paddedK } = this;
    if (centroids.length !== k * d) {
      throw new AnalysisParameterError(
        'centroids',
        centroids.length,
        `k x d = ${k * d}`,
      );
    }
    memory.f64(layout.centroids64, k * d).set(centroids);
    const norms64 = memory.f64(layout.norms64, k);
    const transposed = memory.f32(layout.transposed, d * paddedK).fill(0);
    const norms32 = memory.f32(layout.norms32, paddedK).fill(Infinity);
    this.centroidNormMax = 0;
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < d; j++) {
        const value = centroids[c * d + j] as number;
        norm += value * value;
        transposed[j * paddedK + c] = value;
      }
      norms64[c] = norm;
      norms32[c] = norm;
      this.centroidNormMax = Math.max(this.centroidNormMax, norm);
    }
  }

  /**
   * A float32 winner is kept without the float64 check when it leads by
   * more than this times (‖x‖² + max ‖c‖²): twice the bound on the error of
   * each float32 distance, (d + 8) u (‖x‖² + ‖c‖²), with margin 2.
   */
  private marginScale(): number {
    return 4 * (this.d + 8) * FLOAT32_ROUNDOFF;
  }

  /** The chunks' sums and counts, added in chunk order. */
  private totals(): Pick<LloydStep, 'sums' | 'counts'> {
    const { memory } = this.kernels;
    const { k, d } = this;
    const all = memory.f64(this.layout.sums, this.chunks * k * d);
    const allCounts = memory.i32(this.layout.counts, this.chunks * k);
    const sums = all.slice(0, k * d);
    const counts = allCounts.slice(0, k);
    for (let chunk = 1; chunk < this.chunks; chunk++) {
      for (let i = 0; i < k * d; i++) {
        sums[i] = (sums[i] as number) + (all[chunk * k * d + i] as number);
      }
      for (let c = 0; c < k; c++) {
        counts[c] = (counts[c] as number) + (allCounts[chunk * k + c] as number);
      }
    }

    return { sums, counts };
  }

  private parallelRows(
    call: (
      row0: number,
      row1: number,
    ) => { name: 'rowNorms' | 'assignedDistances'; args: number[] },
  ): void {
    this.kernels.pool.run(
      splitRange(this.n, kernelThreads()).map(([row0, row1]) => call(row0, row1)),
    );
  }
}

function checkShape(points: Float32Array, n: number, d: number, k: number): void {
  if (!Number.isInteger(d) || d < 1) {
    throw new AnalysisParameterError('dimensions', d, 'a positive integer');
  }
  if (!Number.isInteger(n) || n < 1 || points.length < n * d) {
    throw new AnalysisParameterError(
      'n',
      n,
      `from 1 to the ${Math.floor(points.length / d)} rows given`,
    );
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new AnalysisParameterError('k', k, 'a positive integer');
  }
}

/** One assignment pass, as a map step over a shard needs it. */
export interface AssignAndAccumulate extends LloydStep {
  /** Sum over rows of the squared distance to the assigned centroid. */
  inertia: number;
}

/**
 * Assigns n rows of d values to the nearest of k centroids (k x d, row-major,
 * float64), sums the rows per centroid and totals the squared distances:
 * one Lloyd pass of the kernels, exact as a float64 search.
 */
export function assignAndAccumulate(
  data: Float32Array,
  n: number,
  d: number,
  centroids: Float64Array,
  k: number,
): AssignAndAccumulate {
  const session = new LloydSession(data, n, d, k);
  try {
    const step = session.step(centroids);
    const distances = session.assignedDistances(centroids, step.assignments);
    let inertia = 0;
    for (const distance of distances) inertia += distance;

    return { ...step, inertia };
  } finally {
    session.close();
  }
}
