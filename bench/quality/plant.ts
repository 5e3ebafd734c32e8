import type { RandomSource } from '../../shared/analysis/random.ts';
import { BenchInputError } from './errors.ts';
import { booleanAt, drawGroup, membersWhere } from './groups.ts';
import { shuffled, streamFor } from './plant-random.ts';
import { basePredictions, otherClass } from './predictions.ts';
import {
  BASE_ERROR_RATE,
  CORRELATION_FIELDS,
  GROUP_FIELD,
  GROUP_SIZES,
  type SliceKind,
} from './settings.ts';
import type { Plant, PlantData, PlantedSlice, SpamClass } from './types.ts';

export interface PlantOptions {
  /** Share of the slice's members whose label is flipped or prediction made wrong. */
  strength: number;
  seed: number;
  /** Default BASE_ERROR_RATE. */
  baseErrorRate?: number;
}

/**
 * Plants one setting of a dcbench slice kind over a real metadata group, with
 * synthetic predictions: the model errs at the base rate everywhere, and
 * inside the slice `strength` of the members are made wrong (rare,
 * correlation) or have their label flipped (noisy-label). The group and the
 * members' order depend on the seed only.
 */
export function plantSlices(
  data: PlantData,
  kind: SliceKind,
  options: PlantOptions,
): Plant {
  checkStrength(options.strength);
  if (data.labels.length !== data.metadata.length) {
    throw new BenchInputError(`expected ${data.labels.length} metadata rows`, {
      field: 'metadata',
      value: data.metadata.length,
    });
  }

  const predictions = basePredictions(
    data.labels,
    options.baseErrorRate ?? BASE_ERROR_RATE,
    streamFor(options.seed, `${kind}/base`),
  );
  const planted = PLANTERS[kind](data, predictions, options);

  return { kind, strength: options.strength, seed: options.seed, ...planted };
}

type Planted = Pick<Plant, 'field' | 'labels' | 'predictions' | 'slices'>;
type Planter = (
  data: PlantData,
  predictions: SpamClass[],
  options: PlantOptions,
) => Planted;

const PLANTERS: Record<SliceKind, Planter> = {
  'noisy-label': plantNoisyLabels,
  rare: plantRareSubgroup,
  correlation: plantCorrelation,
};

/** Flips the labels of a share of one sender domain's e-mails. */
function plantNoisyLabels(
  data: PlantData,
  predictions: SpamClass[],
  options: PlantOptions,
): Planted {
  const slice = groupSlice(data, 'noisy-label', options.seed);
  const labels = [...data.labels];
  const order = streamFor(options.seed, 'noisy-label/order');
  for (const i of firstShare(slice.memberIndexes, options.strength, order)) {
    labels[i] = otherClass(labels[i] as SpamClass);
  }

  return { field: GROUP_FIELD, labels, predictions, slices: [slice] };
}

/** Makes the model wrong on a share of one small sender domain's e-mails. */
function plantRareSubgroup(
  data: PlantData,
  predictions: SpamClass[],
  options: PlantOptions,
): Planted {
  const slice = groupSlice(data, 'rare', options.seed);
  const order = streamFor(options.seed, 'rare/order');
  degrade(predictions, data.labels, slice.memberIndexes, options.strength, order);

  return { field: GROUP_FIELD, labels: [...data.labels], predictions, slices: [slice] };
}

/**
 * A model that learnt a boolean field as a shortcut for the class it goes
 * with more often: in each anti-correlated cell (field true with the other
 * class, field false with that class) a share of the e-mails get the class
 * the field points to. Each non-empty cell is a slice of its own.
 */
function plantCorrelation(
  data: PlantData,
  predictions: SpamClass[],
  options: PlantOptions,
): Planted {
  const fieldRandom = streamFor(options.seed, 'correlation/field');
  const field =
    CORRELATION_FIELDS[Math.floor(fieldRandom() * CORRELATION_FIELDS.length)];
  const flags = data.labels.map((_, i) => booleanAt(data.metadata, i, field as string));
  const associated = associatedClass(data.labels, flags);
  const slices = antiCorrelatedCells(data.labels, flags, associated, field as string);
  for (const slice of slices) {
    const order = streamFor(options.seed, `correlation/order/${slice.name}`);
    degrade(predictions, data.labels, slice.memberIndexes, options.strength, order);
  }

  return { field: field as string, labels: [...data.labels], predictions, slices };
}

function groupSlice(data: PlantData, kind: 'noisy-label' | 'rare', seed: number) {
  const random = streamFor(seed, `${kind}/group`);
  const group = drawGroup(data.metadata, GROUP_FIELD, GROUP_SIZES[kind], random);

  return {
    name: `${GROUP_FIELD} = ${group}`,
    memberIndexes: membersWhere(data.metadata, GROUP_FIELD, group),
  };
}

/** The class with the larger share of `true` flags (spam on a tie). */
export function associatedClass(
  labels: readonly SpamClass[],
  flags: readonly boolean[],
): SpamClass {
  const share = (label: SpamClass) => {
    const indexes = labels.flatMap((l, i) => (l === label ? [i] : []));
    return indexes.filter((i) => flags[i]).length / Math.max(1, indexes.length);
  };

  return share('ham') > share('spam') ? 'ham' : 'spam';
}

function antiCorrelatedCells(
  labels: readonly SpamClass[],
  flags: readonly boolean[],
  associated: SpamClass,
  field: string,
): PlantedSlice[] {
  const other = otherClass(associated);
  const cells = [
    { flag: true, label: other },
    { flag: false, label: associated },
  ].map(({ flag, label }) => ({
    name: `${field} = ${flag}, label = ${label}`,
    memberIndexes: labels.flatMap((l, i) =>
      l === label && flags[i] === flag ? [i] : [],
    ),
  }));

  return cells.filter((cell) => cell.memberIndexes.length > 0);
}

/** The first round(share x n) members in a seeded order. */
export function firstShare(
  memberIndexes: readonly number[],
  share: number,
  random: RandomSource,
): number[] {
  checkStrength(share);

  const count = Math.round(share * memberIndexes.length);
  return shuffled(memberIndexes, random).slice(0, count);
}

function degrade(
  predictions: SpamClass[],
  labels: readonly SpamClass[],
  memberIndexes: readonly number[],
  share: number,
  random: RandomSource,
) {
  for (const i of firstShare(memberIndexes, share, random)) {
    predictions[i] = otherClass(labels[i] as SpamClass);
  }
}

function checkStrength(strength: number) {
  if (!(strength >= 0 && strength <= 1)) {
    throw new BenchInputError('a strength must lie in [0, 1]', {
      field: 'strength',
      value: strength,
    });
  }
}
