import type { MetadataValue } from '../../bundle/types.ts';
import { compareCodeUnits } from '../cluster-id.ts';
import { SampleInputError } from '../errors.ts';
import type {
  CategoricalColumn,
  CategoryValue,
  MetadataColumn,
  MetadataTable,
  NumericColumn,
} from './types.ts';

/** What the table reads of a sample. */
export interface SampleMetadata {
  id: string;
  metadata: Record<string, MetadataValue>;
}

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEEDED = 'a finite number, a string, a boolean or null';

/**
 * Turns the samples' metadata into one column per field (every field any
 * sample has). A field is numeric when every value present is a finite
 * number or a string that reads as one ("2019", "1.5e3"); boolean when every
 * value present is a boolean; categorical otherwise (values as strings).
 * Null, an absent field and an empty or blank string are missing.
 */
export function buildMetadataTable(samples: readonly SampleMetadata[]): MetadataTable {
  const fields = fieldNames(samples);

  const columns = fields.map((field) => buildColumn(samples, field));

  return { size: samples.length, sampleIds: samples.map((s) => s.id), columns };
}

/** The value as a number, or undefined when it does not read as one. */
function readNumber(value: CategoryValue | number): number | undefined {
  if (typeof value === 'number') {
    return value;
  }

  return typeof value === 'string' && NUMERIC_TEXT.test(value.trim())
    ? Number(value.trim())
    : undefined;
}

function fieldNames(samples: readonly SampleMetadata[]): string[] {
  const names = new Set<string>();
  for (const sample of samples) {
    for (const [field, value] of Object.entries(sample.metadata)) {
      checkValue(sample.id, field, value);
      names.add(field);
    }
  }

  return [...names].sort(compareCodeUnits);
}

function checkValue(sampleId: string, field: string, value: unknown): void {
  const ok =
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value));
  if (!ok) {
    throw new SampleInputError(sampleId, `metadata.${field}`, value, NEEDED);
  }
}

function isMissing(value: MetadataValue | undefined): value is null | undefined | '' {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '')
  );
}

function buildColumn(
  samples: readonly SampleMetadata[],
  field: string,
): MetadataColumn {
  const present = samples
    .map((s) => s.metadata[field])
    .filter((v): v is string | number | boolean => !isMissing(v));

  if (present.every((v) => readNumber(v) !== undefined)) {
    return numericColumn(
      samples,
      field,
      present.some((v) => typeof v === 'string'),
    );
  }

  const kind = present.every((v) => typeof v === 'boolean') ? 'boolean' : 'categorical';

  return categoricalColumn(samples, field, kind);
}

function numericColumn(
  samples: readonly SampleMetadata[],
  field: string,
  fromStrings: boolean,
): NumericColumn {
  const values = new Float64Array(samples.length);
  let missingCount = 0;
  samples.forEach((s, i) => {
    const raw = s.metadata[field];
    const value = isMissing(raw) ? NaN : (readNumber(raw) as number);
    values[i] = value;
    missingCount += Number.isNaN(value) ? 1 : 0;
  });

  const distinct = new Set(values.filter((v) => !Number.isNaN(v))).size;
  const constant = distinct === 0 || (distinct === 1 && missingCount === 0);

  return { field, kind: 'numeric', values, fromStrings, constant, missingCount };
}

function categoricalColumn(
  samples: readonly SampleMetadata[],
  field: string,
  kind: 'categorical' | 'boolean',
): CategoricalColumn {
  const raw = samples.map((s): CategoryValue => {
    const value = s.metadata[field];
    if (isMissing(value)) {
      return null;
    }
    return kind === 'boolean' ? (value as boolean) : String(value);
  });
  const levels = [...new Set(raw)].sort(compareLevels);
  const index = new Map(levels.map((level, i) => [level, i]));

  const codes = Int32Array.from(raw, (value) => index.get(value) as number);
  const counts = levels.map(() => 0);
  codes.forEach((code) => counts[code]!++);
  const missingCount = index.has(null)
    ? (counts[index.get(null) as number] as number)
    : 0;

  return {
    field,
    kind,
    codes,
    levels,
    counts,
    constant: levels.length <= 1,
    missingCount,
  };
}

function compareLevels(a: CategoryValue, b: CategoryValue): number {
  const rank = (v: CategoryValue): number =>
    v === true ? 0 : v === false ? 1 : v === null ? 3 : 2;
  const byRank = rank(a) - rank(b);

  return byRank !== 0 ? byRank : compareCodeUnits(String(a), String(b));
}
