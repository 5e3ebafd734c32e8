/**
 * Which samples lie in a region of the reference embedding space. A sample
 * has reference coordinates when its id is among the reference embeddings
 * stored with the test; others cannot be placed and are never members.
 */
import { TrackingParameterError } from './errors.ts';
import type { ReferenceEmbeddings } from './tracked-run.ts';
import type { RegionMembership } from './types.ts';

export function regionMembers(
  region: Pick<RegionMembership, 'centre' | 'radius'>,
  reference: ReferenceEmbeddings,
  sampleIds: readonly string[],
): string[] {
  const radiusSquared = region.radius * region.radius;

  return sampleIds.filter((id) => {
    const row = reference.get(id);
    if (row === undefined) return false;
    checkDimensions(id, row, region.centre);
    return squaredDistance(row, region.centre) <= radiusSquared;
  });
}

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let d = 0; d < a.length; d += 1) {
    const delta = (a[d] as number) - (b[d] as number);
    sum += delta * delta;
  }

  return sum;
}

function checkDimensions(id: string, row: ArrayLike<number>, centre: number[]): void {
  if (row.length !== centre.length) {
    throw new TrackingParameterError(
      `reference embedding of sample ${id}`,
      `${row.length} dimensions`,
      `as long as the centre (${centre.length} dimensions)`,
    );
  }
}
