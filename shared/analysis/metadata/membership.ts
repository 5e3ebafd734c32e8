import { AnalysisParameterError, SampleInputError } from '../errors.ts';
import { rowIndex } from '../id-index.ts';

/**
 * A mask over the run's samples (1 = member) from the members' ids, in the
 * order of `sampleIds`. An id that is not a sample of the run is an error.
 */
export function membershipMask(
  sampleIds: readonly string[],
  memberIds: readonly string[],
  position: ReadonlyMap<string, number> = rowIndex(sampleIds),
): Uint8Array {
  const mask = new Uint8Array(sampleIds.length);
  for (const id of memberIds) {
    const i = position.get(id);
    if (i === undefined) {
      throw new SampleInputError(id, 'sampleIds', id, 'a sample of the run');
    }
    mask[i] = 1;
  }

  return mask;
}

/**
 * Checks that a mask covers every sample and splits them into a non-empty
 * group and a non-empty rest; returns the group's size.
 */
export function checkMask(mask: Uint8Array, size: number, name: string): number {
  if (mask.length !== size) {
    throw new AnalysisParameterError(name, mask.length, `a mask of ${size} entries`);
  }

  const inside = mask.reduce((sum, m) => sum + (m ? 1 : 0), 0);
  if (inside === 0 || inside === size) {
    throw new AnalysisParameterError(
      name,
      inside,
      `a member count between 1 and ${size - 1}`,
    );
  }

  return inside;
}
