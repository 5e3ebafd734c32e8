import { AnalysisParameterError } from '../errors.ts';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.ts';
import { gTest } from '../stats/g-test.ts';
import { mannWhitneyU } from '../stats/mann-whitney.ts';
import { checkMask } from './membership.ts';
import type {
  CategoricalColumn,
  CategoryValue,
  MetadataColumn,
  MetadataDifference,
  MetadataTable,
  NumericColumn,
} from './types.ts';

export interface CompareOptions {
  /** A category held by fewer samples in the whole run is not tested. Default 3. */
  minValueCount?: number;
}

type Untested = Omit<MetadataDifference, 'qValue'>;

/** A group of rows (1 = member) and its size. */
interface Group {
  mask: Uint8Array;
  size: number;
}

interface PreparedNumeric {
  column: NumericColumn;
  /** Rows with a value, in ascending order of the value. */
  rowsByValue: Int32Array;
}

/**
 * For each group (a mask over the table's rows, 1 = member), how every
 * non-constant field differs inside vs outside: numeric fields by mean,
 * median, Cliff's delta and a Mann–Whitney test; each category (and the
 * missing bucket) by share, lift and a 2 x 2 G-test. The q-values are
 * Benjamini–Hochberg over every test of every group. Each list is sorted by
 * q-value, then by |effect|.
 */
export function compareMetadata(
  table: MetadataTable,
  masks: readonly Uint8Array[],
  options: CompareOptions = {},
): MetadataDifference[][] {
  const minValueCount = options.minValueCount ?? 3;
  if (!Number.isInteger(minValueCount) || minValueCount < 1) {
    throw new AnalysisParameterError('minValueCount', minValueCount, 'an integer >= 1');
  }
  const groups = masks.map((mask, g) => ({
    mask,
    size: checkMask(mask, table.size, `masks[${g}]`),
  }));

  const columns = table.columns.filter((c) => !c.constant);
  const prepared = columns.map((c) => (c.kind === 'numeric' ? prepareNumeric(c) : c));
  const untested = groups.map((group) =>
    prepared.flatMap((p) => differences(p, group, minValueCount)),
  );

  return withQValues(untested).map((list) => list.sort(byQThenEffect));
}

function prepareNumeric(column: NumericColumn): PreparedNumeric {
  const present: number[] = [];
  column.values.forEach((v, i) => {
    if (!Number.isNaN(v)) {
      present.push(i);
    }
  });
  const rowsByValue = Int32Array.from(present).sort(
    (a, b) => (column.values[a] as number) - (column.values[b] as number),
  );

  return { column, rowsByValue };
}

function differences(
  prepared: PreparedNumeric | MetadataColumn,
  group: Group,
  minValueCount: number,
): Untested[] {
  if ('rowsByValue' in prepared) {
    const missing = missingBucket(prepared.column, group, minValueCount);
    const mean = numericDifference(prepared, group.mask);

    return [...(mean ? [mean] : []), ...missing];
  }

  return categoryDifferences(prepared as CategoricalColumn, group, minValueCount);
}

function numericDifference(
  prepared: PreparedNumeric,
  mask: Uint8Array,
): Untested | null {
  const { column, rowsByValue } = prepared;
  const inside: number[] = [];
  const outside: number[] = [];
  for (const row of rowsByValue) {
    (mask[row] ? inside : outside).push(column.values[row] as number);
  }
  if (inside.length === 0 || outside.length === 0) {
    return null;
  }

  const test = mannWhitneyU(inside, outside);

  return {
    field: column.field,
    kind: 'numeric',
    measure: 'mean',
    inside: mean(inside),
    outside: mean(outside),
    insideMedian: median(inside),
    outsideMedian: median(outside),
    insideCount: inside.length,
    outsideCount: outside.length,
    effect: (2 * test.u) / (inside.length * outside.length) - 1,
    pValue: test.pValue,
  };
}

function missingBucket(
  column: NumericColumn,
  group: Group,
  minValueCount: number,
): Untested[] {
  if (column.missingCount < minValueCount) {
    return [];
  }

  let inside = 0;
  column.values.forEach((v, i) => {
    inside += Number.isNaN(v) && group.mask[i] ? 1 : 0;
  });

  return [shareDifference(column, null, inside, column.missingCount, group)];
}

function categoryDifferences(
  column: CategoricalColumn,
  group: Group,
  minValueCount: number,
): Untested[] {
  const inside = column.levels.map(() => 0);
  column.codes.forEach((code, i) => {
    inside[code]! += group.mask[i] ? 1 : 0;
  });

  const rows = column.levels.flatMap((level, l) =>
    (column.counts[l] as number) < minValueCount
      ? []
      : [
          shareDifference(
            column,
            level,
            inside[l] as number,
            column.counts[l] as number,
            group,
          ),
        ],
  );

  return column.levels.length === 2 ? rows.filter(overRepresentedOfTwo(rows)) : rows;
}

/** Of a two-level field's mirror-image tests, keeps the level with effect >= 0. */
function overRepresentedOfTwo(rows: Untested[]): (row: Untested) => boolean {
  const kept = rows.find((r) => r.effect >= 0) ?? rows[0];

  return (row) => row === kept;
}

function shareDifference(
  column: MetadataColumn,
  value: CategoryValue,
  insideWith: number,
  total: number,
  group: Group,
): Untested {
  const n = group.mask.length;
  const groupSize = group.size;
  const restSize = n - groupSize;
  const outsideWith = total - insideWith;
  const inside = insideWith / groupSize;
  const outside = outsideWith / restSize;

  return {
    field: column.field,
    kind: column.kind,
    value,
    measure: 'share',
    inside,
    outside,
    insideCount: insideWith,
    outsideCount: outsideWith,
    lift: inside / (total / n),
    effect: inside - outside,
    pValue: gTest([
      [insideWith, groupSize - insideWith],
      [outsideWith, restSize - outsideWith],
    ]).pValue,
  };
}

function withQValues(untested: Untested[][]): MetadataDifference[][] {
  const qValues = benjaminiHochberg(untested.flat().map((d) => d.pValue));

  let next = 0;
  return untested.map((list) =>
    list.map((d) => ({ ...d, qValue: qValues[next++] as number })),
  );
}

function byQThenEffect(a: MetadataDifference, b: MetadataDifference): number {
  return (
    a.qValue - b.qValue ||
    Math.abs(b.effect) - Math.abs(a.effect) ||
    a.pValue - b.pValue
  );
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Median of values sorted ascending. */
function median(sorted: number[]): number {
  const mid = sorted.length >> 1;

  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
