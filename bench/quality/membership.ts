import { BenchInputError } from './errors.ts';

/**
 * How strongly each sample belongs to an aggressor: its members first, then
 * everyone else; within each part, nearer the members' centroid (Euclidean,
 * in embedding space) scores higher. Scores are `offset - distance` for
 * members and `-distance` for the others, with an offset above twice the
 * largest distance, so every member outranks every non-member.
 */
export function membershipScores(
  embeddings: Float32Array,
  dimensions: number,
  memberIndexes: readonly number[],
): Float64Array {
  const n = embeddings.length / dimensions;
  if (memberIndexes.length === 0) {
    throw new BenchInputError('an aggressor needs members', {
      field: 'memberIndexes',
      value: 0,
    });
  }

  const centroid = centroidOf(embeddings, dimensions, memberIndexes);
  const distances = Float64Array.from({ length: n }, (_, i) =>
    distanceTo(embeddings, dimensions, i, centroid),
  );
  const offset = 2 * Math.max(...distances) + 1;
  const members = new Set(memberIndexes);

  return distances.map((d, i) => (members.has(i) ? offset - d : -d));
}

function centroidOf(
  embeddings: Float32Array,
  dimensions: number,
  memberIndexes: readonly number[],
): Float64Array {
  const centroid = new Float64Array(dimensions);
  for (const i of memberIndexes) {
    if (!Number.isInteger(i) || i < 0 || (i + 1) * dimensions > embeddings.length) {
      throw new BenchInputError('a member index must name a sample', {
        field: 'memberIndexes',
        value: i,
      });
    }
    for (let d = 0; d < dimensions; d++) {
      centroid[d] =
        (centroid[d] as number) + (embeddings[i * dimensions + d] as number);
    }
  }

  return centroid.map((sum) => sum / memberIndexes.length);
}

function distanceTo(
  embeddings: Float32Array,
  dimensions: number,
  row: number,
  centroid: Float64Array,
): number {
  let sum = 0;
  for (let d = 0; d < dimensions; d++) {
    const diff = (embeddings[row * dimensions + d] as number) - (centroid[d] as number);
    sum += diff * diff;
  }

  return Math.sqrt(sum);
}
