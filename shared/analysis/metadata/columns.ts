/**
 * The analysis's metadata table: one typed column per field, read from the
 * samples' metadata stored as columns (shared/columnar). A field is numeric
 * when every value present is a finite number or a string that reads as one
 * ("2019", "1.5e3"); boolean when every value present is a boolean;
 * categorical otherwise (values as strings). Null, an absent field and an
 * empty or blank string are missing. Kinds are decided over the rows taken.
 */
import type { MetadataValue } from '../../bundle/types.ts';
import {
  ABSENT,
  MetadataColumnsBuilder,
  NULL,
  NUMBER,
} from '../../columnar/metadata-columns.ts';
import type {
  MetadataColumn as StoredColumn,
  MetadataColumns,
} from '../../columnar/metadata-columns.ts';
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

/** The table of the samples' metadata, rows in sample order. */
export function buildMetadataTable(samples: readonly SampleMetadata[]): MetadataTable {
  const builder = new MetadataColumnsBuilder(samples.length);
  for (const sample of samples) {
    for (const [field, value] of Object.entries(sample.metadata)) {
      checkValue(sample.id, field, value);
    }
    builder.append(sample.metadata);
  }

  return metadataTable(
    builder.finish(),
    samples.map((s) => s.id),
  );
}

/**
 * The table of some rows of stored columns: row i of the table is row
 * `rows[i]` of the columns (every row, in order, without `rows`), and
 * `sampleIds[i]` names it. Fields absent from every row taken are left out.
 */
export function metadataTable(
  stored: MetadataColumns,
  sampleIds: readonly string[],
  rows?: Int32Array,
): MetadataTable {
  const taken = rows ?? Int32Array.from({ length: stored.rows }, (_, i) => i);
  if (taken.length !== sampleIds.length) {
    throw new RangeError(
      `metadataTable: ${taken.length} rows taken but ${sampleIds.length} sample ids`,
    );
  }

  const columns = [...stored.columns]
    .sort((a, b) => compareCodeUnits(a.field, b.field))
    .flatMap((column) => {
      const built = tableColumn(column, taken, sampleIds);
      return built === null ? [] : [built];
    });

  return { size: taken.length, sampleIds: [...sampleIds], columns };
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

/** How the rows taken use a stored column: counts per code and per mark. */
interface Usage {
  /** Rows per dictionary entry. */
  entryCounts: Int32Array;
  numbers: number;
  nulls: number;
  absent: number;
}

function usageOf(
  column: StoredColumn,
  taken: Int32Array,
  sampleIds: readonly string[],
): Usage {
  const entryCounts = new Int32Array(column.dictionary.length);
  const { codes, numbers } = column;
  let numberCount = 0;
  let nulls = 0;
  let absent = 0;
  for (let i = 0; i < taken.length; i++) {
    const row = taken[i] as number;
    const code = codes[row] as number;
    if (code >= 0) entryCounts[code]!++;
    else if (code === ABSENT) absent++;
    else if (code === NULL) nulls++;
    else {
      const value = (numbers as Float64Array)[row] as number;
      if (!Number.isFinite(value)) {
        throw new SampleInputError(
          sampleIds[i] as string,
          `metadata.${column.field}`,
          value,
          NEEDED,
        );
      }
      numberCount++;
    }
  }

  return { entryCounts, numbers: numberCount, nulls, absent };
}

/** What each dictionary entry reads as: NaN when blank or not a number. */
function entryNumbers(column: StoredColumn): Float64Array {
  return Float64Array.from(column.dictionary, (entry) =>
    typeof entry === 'string' && NUMERIC_TEXT.test(entry.trim())
      ? Number(entry.trim())
      : NaN,
  );
}

function isBlank(entry: string | boolean): boolean {
  return typeof entry === 'string' && entry.trim() === '';
}

function tableColumn(
  column: StoredColumn,
  taken: Int32Array,
  sampleIds: readonly string[],
): MetadataColumn | null {
  const usage = usageOf(column, taken, sampleIds);
  if (usage.absent === taken.length) return null;

  const asNumbers = entryNumbers(column);
  const used = column.dictionary.flatMap((entry, e) =>
    (usage.entryCounts[e] as number) > 0 && !isBlank(entry) ? [e] : [],
  );
  if (used.every((e) => !Number.isNaN(asNumbers[e] as number))) {
    const fromStrings = used.length > 0;
    return numericColumn(column, taken, asNumbers, fromStrings);
  }
  const boolean =
    usage.numbers === 0 && used.every((e) => typeof column.dictionary[e] === 'boolean');

  return categoricalColumn(column, taken, boolean ? 'boolean' : 'categorical');
}

function numericColumn(
  column: StoredColumn,
  taken: Int32Array,
  asNumbers: Float64Array,
  fromStrings: boolean,
): NumericColumn {
  const values = new Float64Array(taken.length);
  const { codes, numbers } = column;
  let missingCount = 0;
  for (let i = 0; i < taken.length; i++) {
    const row = taken[i] as number;
    const code = codes[row] as number;
    const value =
      code >= 0
        ? (asNumbers[code] as number)
        : code === NUMBER
          ? ((numbers as Float64Array)[row] as number)
          : NaN;
    values[i] = value;
    if (Number.isNaN(value)) missingCount++;
  }

  const distinct = new Set(values.filter((v) => !Number.isNaN(v))).size;
  const constant = distinct === 0 || (distinct === 1 && missingCount === 0);

  return {
    field: column.field,
    kind: 'numeric',
    values,
    fromStrings,
    constant,
    missingCount,
  };
}

/**
 * Levels are the distinct values as the analysis reads them (strings, or
 * booleans in a boolean field; a number as its string), null last for missing.
 */
function categoricalColumn(
  column: StoredColumn,
  taken: Int32Array,
  kind: 'categorical' | 'boolean',
): CategoricalColumn {
  const levelOf = (value: string | boolean | number): CategoryValue =>
    kind === 'boolean' ? (value as boolean) : String(value);
  const entryLevels = column.dictionary.map((entry) =>
    isBlank(entry) ? null : levelOf(entry),
  );
  const { codes, numbers } = column;
  const rowLevel = (row: number): CategoryValue => {
    const code = codes[row] as number;
    if (code >= 0) return entryLevels[code] as CategoryValue;
    if (code === NUMBER) return levelOf((numbers as Float64Array)[row] as number);
    return null;
  };

  const seen = new Set<CategoryValue>();
  for (let i = 0; i < taken.length; i++) seen.add(rowLevel(taken[i] as number));
  const levels = [...seen].sort(compareLevels);
  const index = new Map(levels.map((level, l) => [level, l]));
  const codesOut = new Int32Array(taken.length);
  const counts = levels.map(() => 0);
  for (let i = 0; i < taken.length; i++) {
    const level = index.get(rowLevel(taken[i] as number)) as number;
    codesOut[i] = level;
    counts[level]!++;
  }
  const missing = index.get(null);

  return {
    field: column.field,
    kind,
    codes: codesOut,
    levels,
    counts,
    constant: levels.length <= 1,
    missingCount: missing === undefined ? 0 : (counts[missing] as number),
  };
}

function compareLevels(a: CategoryValue, b: CategoryValue): number {
  const rank = (v: CategoryValue): number =>
    v === true ? 0 : v === false ? 1 : v === null ? 3 : 2;
  const byRank = rank(a) - rank(b);

  return byRank !== 0 ? byRank : compareCodeUnits(String(a), String(b));
}
