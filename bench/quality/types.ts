import type { MetadataValue } from '../../shared/bundle/types.ts';
import type { SliceKind } from './settings.ts';

export type SpamClass = 'ham' | 'spam';

/** What a plant needs of the data: each sample's real label and metadata. */
export interface PlantData {
  labels: readonly SpamClass[];
  metadata: ReadonlyArray<Readonly<Record<string, MetadataValue>>>;
}

/** One planted slice: the exact ground truth a method is scored against. */
export interface PlantedSlice {
  /** E.g. `senderDomain = yahoo.com` or `html = true, label = ham`. */
  name: string;
  /** Indexes of its samples, ascending. */
  memberIndexes: number[];
}

/** A setting's data after planting: labels, synthetic predictions, slices. */
export interface Plant {
  kind: SliceKind;
  strength: number;
  seed: number;
  /** The metadata field the slices are defined by (hidden in the blind pass). */
  field: string;
  /** Labels as the evaluation carries them (noisy-label plants flip some). */
  labels: SpamClass[];
  predictions: SpamClass[];
  /** One slice, or two for a spurious correlation (each anti-correlated cell). */
  slices: PlantedSlice[];
}

/** How one slice scored against one method's top aggressors. */
export interface SliceScore {
  precisionAt10: number;
  precisionAt25: number;
  auroc: number;
  /** Rank of the aggressor that scored best; null when the method reported none. */
  aggressorRank: number | null;
}

/** Whether a plant took, by the rule fixed in advance. */
export interface TookCheck {
  sliceErrorRate: number;
  restErrorRate: number;
  took: boolean;
}
