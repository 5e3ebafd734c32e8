import type { MetadataValue } from '../../shared/bundle/types.ts';
import type { RandomSource } from '../../shared/analysis/random.ts';
import { BenchInputError, NoEligibleGroupError } from './errors.ts';

type MetadataRows = ReadonlyArray<Readonly<Record<string, MetadataValue>>>;

/**
 * The values of a string field held by between `min` and `max` samples
 * (inclusive), sorted by code unit. Missing and null values form no group.
 */
export function eligibleGroups(
  metadata: MetadataRows,
  field: string,
  size: { min: number; max: number },
): string[] {
  if (!(Number.isInteger(size.min) && size.min >= 1 && size.max >= size.min)) {
    throw new BenchInputError('group sizes must satisfy 1 <= min <= max', {
      field: 'size',
      value: `${size.min}..${size.max}`,
    });
  }

  const counts = new Map<string, number>();
  for (const row of metadata) {
    const value = row[field];
    if (typeof value === 'string') counts.set(value, (counts.get(value) ?? 0) + 1);
  }

  return [...counts]
    .filter(([, count]) => count >= size.min && count <= size.max)
    .map(([value]) => value)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One of the eligible groups, drawn uniformly. */
export function drawGroup(
  metadata: MetadataRows,
  field: string,
  size: { min: number; max: number },
  random: RandomSource,
): string {
  const groups = eligibleGroups(metadata, field, size);
  if (groups.length === 0) {
    throw new NoEligibleGroupError(
      `no value of the field is held by ${size.min} to ${size.max} samples`,
      { field, value: `${metadata.length} samples` },
    );
  }

  return groups[Math.floor(random() * groups.length)] as string;
}

/** Indexes of the samples whose `field` equals `value`, ascending. */
export function membersWhere(
  metadata: MetadataRows,
  field: string,
  value: MetadataValue,
): number[] {
  return metadata.flatMap((row, i) => (row[field] === value ? [i] : []));
}

/** The field's value as a boolean; anything else is an error naming the sample. */
export function booleanAt(
  metadata: MetadataRows,
  index: number,
  field: string,
): boolean {
  const value = metadata[index]?.[field];
  if (typeof value !== 'boolean') {
    throw new BenchInputError(`sample ${index} needs a boolean`, { field, value });
  }

  return value;
}
