import { SampleInputError } from './errors.ts';
import { rowIndex } from './id-index.ts';

/**
 * The row of each member id in `sampleIds` (the rows of the run's embedding
 * matrix), in the members' order. An id that is not a row is an error.
 */
export function memberRows(
  sampleIds: readonly string[],
  memberIds: readonly string[],
  rowById: ReadonlyMap<string, number> = rowIndex(sampleIds),
): Int32Array {
  return Int32Array.from(memberIds, (id) => {
    const row = rowById.get(id);
    if (row === undefined) {
      throw new SampleInputError(id, 'id', id, 'the id of a clustered sample');
    }
    return row;
  });
}
