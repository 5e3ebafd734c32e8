export type MetadataKind = 'numeric' | 'categorical' | 'boolean';

/** A category of a categorical or boolean field; null is the missing bucket. */
export type CategoryValue = string | boolean | null;

interface ColumnBase {
  field: string;
  /** One value everywhere, or missing everywhere: never a hypothesis. */
  constant: boolean;
  /** Samples where the field is null, absent or an empty string. */
  missingCount: number;
}

export interface NumericColumn extends ColumnBase {
  kind: 'numeric';
  /** One entry per sample; NaN where missing. */
  values: Float64Array;
  /** True when at least one value was given as a numeric string ("2019"). */
  fromStrings: boolean;
}

export interface CategoricalColumn extends ColumnBase {
  kind: 'categorical' | 'boolean';
  /** One entry per sample: an index into `levels`. */
  codes: Int32Array;
  /** Distinct values: true before false, strings by code unit, null (missing) last. */
  levels: CategoryValue[];
  /** Samples per level. */
  counts: number[];
}

export type MetadataColumn = NumericColumn | CategoricalColumn;

/** The run's metadata, one column per field (sorted by name), rows in sample order. */
export interface MetadataTable {
  size: number;
  sampleIds: string[];
  columns: MetadataColumn[];
}

/** How a field differs between an aggressor and the rest of the run. */
export interface MetadataDifference {
  field: string;
  kind: MetadataKind;
  /** The category compared (null: the missing bucket); absent for a numeric mean. */
  value?: CategoryValue;
  /** 'mean': inside/outside are means of the values; 'share': shares of samples. */
  measure: 'mean' | 'share';
  inside: number;
  outside: number;
  /** Medians of the values (measure 'mean' only). */
  insideMedian?: number;
  outsideMedian?: number;
  /** Samples counted inside and outside: with a value ('mean') or in the category. */
  insideCount: number;
  outsideCount: number;
  /** Share inside / share over the whole run (measure 'share' only). */
  lift?: number;
  /** Cliff's delta, inside vs outside, in [-1, 1]; for a category, the share difference. */
  effect: number;
  pValue: number;
  /** Benjamini–Hochberg over every test of the run. */
  qValue: number;
}

/** Loss against one field over the whole run. */
export type FieldLoss = NumericFieldLoss | CategoricalFieldLoss;

export interface NumericFieldLoss {
  field: string;
  kind: 'numeric';
  /** Samples with a value. */
  count: number;
  /** Spearman's rank correlation; null with a note when it is undefined. */
  rho: number | null;
  pValue: number | null;
  note?: 'too-few-values' | 'constant-values' | 'constant-loss';
  /** Samples without a value, when there are any. */
  missing: { count: number; meanLoss: number } | null;
}

export interface CategoricalFieldLoss {
  field: string;
  kind: 'categorical' | 'boolean';
  /** Highest mean loss first. */
  values: Array<{ value: CategoryValue; count: number; meanLoss: number }>;
}
