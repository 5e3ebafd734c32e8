import { compareCodeUnits } from './cluster-id.ts';
import { AnalysisParameterError, NonFiniteLossError } from './errors.ts';
import { checkedRowCount, checkRowIndices } from './matrix-checks.ts';

/** Typical and worst samples shown per aggressor, by default. */
export const DEFAULT_REPRESENTATIVE_COUNT = 5;

export interface RepresentativesInput {
  /** Id of each row of `embeddings`. */
  sampleIds: readonly string[];
  /** n x dimensions, row-major. */
  embeddings: Float32Array;
  dimensions: number;
  /** Loss of each row. */
  losses: ArrayLike<number>;
  /** Rows of the aggressor's members. */
  memberRows: ArrayLike<number>;
  /** Default 5. */
  typicalCount?: number;
  /** Default 5. */
  worstCount?: number;
}

export interface RepresentativeSample {
  id: string;
  loss: number;
  /** Euclidean distance to the mean of the members' embeddings. */
  distanceToCentre: number;
}

export interface Representatives {
  /** Nearest the members' mean embedding first; ties by id. */
  typical: RepresentativeSample[];
  /** Highest loss first; ties by id. */
  worst: RepresentativeSample[];
}

/**
 * Samples that show an aggressor: the typical ones, nearest the centre of
 * its members' embeddings, and the worst ones, with the highest loss. Each
 * list holds at most its count (fewer when the aggressor is smaller).
 */
export function representatives(input: RepresentativesInput): Representatives {
  const typicalCount = input.typicalCount ?? DEFAULT_REPRESENTATIVE_COUNT;
  const worstCount = input.worstCount ?? DEFAULT_REPRESENTATIVE_COUNT;
  validateRepresentativesInput(input, typicalCount, worstCount);

  const centre = memberMean(input);
  const members = Array.from(input.memberRows, (row) => ({
    id: input.sampleIds[row] as string,
    loss: input.losses[row] as number,
    distanceToCentre: Math.sqrt(squaredDistance(input, row, centre)),
  }));
  const byCentre = [...members].sort(
    (a, b) => a.distanceToCentre - b.distanceToCentre || compareCodeUnits(a.id, b.id),
  );
  const byLoss = [...members].sort(
    (a, b) => b.loss - a.loss || compareCodeUnits(a.id, b.id),
  );

  return {
    typical: byCentre.slice(0, typicalCount),
    worst: byLoss.slice(0, worstCount),
  };
}

function validateRepresentativesInput(
  input: RepresentativesInput,
  typicalCount: number,
  worstCount: number,
): void {
  const n = checkedRowCount('embeddings', input.embeddings, input.dimensions);
  for (const [field, length] of [
    ['sampleIds', input.sampleIds.length],
    ['losses', input.losses.length],
  ] as const) {
    if (length !== n) {
      throw new AnalysisParameterError(field, length, `one entry per row (${n})`);
    }
  }
  if (input.memberRows.length === 0) {
    throw new AnalysisParameterError('memberRows', 0, 'at least one row');
  }
  checkRowIndices('memberRows', input.memberRows, n);
  for (const row of Array.from(input.memberRows)) {
    const loss = input.losses[row] as number;
    if (!Number.isFinite(loss)) {
      throw new NonFiniteLossError(input.sampleIds[row] as string, loss);
    }
  }
  for (const [field, count] of [
    ['typicalCount', typicalCount],
    ['worstCount', worstCount],
  ] as const) {
    if (!Number.isInteger(count) || count < 0) {
      throw new AnalysisParameterError(field, count, 'an integer >= 0');
    }
  }
}

function memberMean(input: RepresentativesInput): Float64Array {
  const d = input.dimensions;
  const mean = new Float64Array(d);
  for (const row of Array.from(input.memberRows)) {
    for (let j = 0; j < d; j++) {
      mean[j] = (mean[j] as number) + (input.embeddings[row * d + j] as number);
    }
  }

  return mean.map((sum) => sum / input.memberRows.length);
}

function squaredDistance(
  input: RepresentativesInput,
  row: number,
  centre: Float64Array,
): number {
  let sum = 0;
  for (let j = 0; j < input.dimensions; j++) {
    const diff =
      (input.embeddings[row * input.dimensions + j] as number) - (centre[j] as number);
    sum += diff * diff;
  }

  return sum;
}
