import { TrainingError } from './errors.ts';

/** Checks features and labels; returns the number of features per sample. */
export function validateTrainingData(
  features: readonly ArrayLike<number>[],
  labels: readonly number[],
  classCount: number,
  l2: number,
): number {
  if (features.length === 0)
    throw new TrainingError('no training samples', { field: 'features', value: 0 });
  if (labels.length !== features.length) {
    throw new TrainingError(`expected ${features.length} labels, one per sample`, {
      field: 'labels',
      value: labels.length,
    });
  }
  if (!Number.isInteger(classCount) || classCount < 2) {
    throw new TrainingError('at least two classes are needed', {
      field: 'classCount',
      value: classCount,
    });
  }
  if (!(l2 >= 0) || !Number.isFinite(l2))
    throw new TrainingError('l2 must be a finite number >= 0', {
      field: 'l2',
      value: l2,
    });

  const dimensions = features[0]?.length ?? 0;
  features.forEach((row, i) => {
    if (row.length !== dimensions) {
      throw new TrainingError(
        `sample ${i} has ${row.length} features, expected ${dimensions}`,
        { field: `features[${i}]`, value: row.length },
      );
    }
    const bad = Array.from(row).findIndex((value) => !Number.isFinite(value));
    if (bad >= 0)
      throw new TrainingError(`sample ${i} has a non-finite feature`, {
        field: `features[${i}][${bad}]`,
        value: row[bad],
      });
  });
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classCount) {
      throw new TrainingError(
        `label of sample ${i} is not a class index below ${classCount}`,
        { field: `labels[${i}]`, value: label },
      );
    }
  });
  return dimensions;
}
