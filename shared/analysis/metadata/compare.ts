import { AnalysisParameterError } from '../errors.ts';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.ts';
import { gTest } from '../stats/g-test.ts';
import { mannWhitneyOfU } from '../stats/mann-whitney.ts';
import { checkMask } from './membership.ts';
import { orderByValue, tieSizes } from './sorted-ranks.ts';
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
  /** The values in that order. */
  sortedValues: Float64Array;
  /** Sizes of the groups of equal values, in that order. */
  tieSizes: number[];
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
  const rowsByValue = orderByValue(column.values);
  const sortedValues = Float64Array.from(
    rowsByValue,
    (row) => column.values[row] as number,
  );

  return {
    column,
    rowsByValue,
    sortedValues,
    tieSizes: tieSizes(rowsByValue, column.values),
  };
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

/**
 * Means, medians, Cliff's delta and the Mann–Whitney test of the values
 * inside vs outside, from the values in ascending order without copying
 * them: each member's rank is its tie group's mean rank, so U needs no sort
 * of its own, and sums run in ascending order as a plain mean's would.
 */
function numericDifference(
  prepared: PreparedNumeric,
  mask: Uint8Array,
): Untested | null {
  const { column, rowsByValue } = prepared;
  let insideCount = 0;
  for (let k = 0; k < rowsByValue.length; k++) {
    insideCount += mask[rowsByValue[k] as number] ? 1 : 0;
  }
  const outsideCount = rowsByValue.length - insideCount;
  if (insideCount === 0 || outsideCount === 0) {
    return null;
  }

  const inside = new SideSummary(insideCount);
  const outside = new SideSummary(outsideCount);
  const rankSum = summarizeSides(prepared, mask, inside, outside);
  const u = rankSum - (insideCount * (insideCount + 1)) / 2;
  const test = mannWhitneyOfU(u, prepared.tieSizes, insideCount, outsideCount);

  return {
    field: column.field,
    kind: 'numeric',
    measure: 'mean',
    inside: inside.sum / insideCount,
    outside: outside.sum / outsideCount,
    insideMedian: inside.median(),
    outsideMedian: outside.median(),
    insideCount,
    outsideCount,
    effect: (2 * test.u) / (insideCount * outsideCount) - 1,
    pValue: test.pValue,
  };
}

/** One side's running sum and the two middle values of its ascending run. */
class SideSummary {
  sum = 0;
  private seen = 0;
  private lowMiddle = NaN;
  private highMiddle = NaN;
  private readonly mid: number;

  constructor(private readonly count: number) {
    this.mid = count >> 1;
  }

  add(value: number): void {
    this.sum += value;
    if (this.seen === this.mid - 1) this.lowMiddle = value;
    if (this.seen === this.mid) this.highMiddle = value;
    this.seen++;
  }

  median(): number {
    return this.count % 2 === 1
      ? this.highMiddle
      : (this.lowMiddle + this.highMiddle) / 2;
  }
}

/** Feeds each value to its side in ascending order; returns the inside's rank sum. */
function summarizeSides(
  { rowsByValue, sortedValues, tieSizes }: PreparedNumeric,
  mask: Uint8Array,
  inside: SideSummary,
  outside: SideSummary,
): number {
  let rankSum = 0;
  let start = 0;
  for (const size of tieSizes) {
    const rank = (start + 1 + start + size) / 2;
    for (let k = start; k < start + size; k++) {
      const value = sortedValues[k] as number;
      if (mask[rowsByValue[k] as number]) {
        inside.add(value);
        rankSum += rank;
      } else {
        outside.add(value);
      }
    }
    start += size;
  }

  return rankSum;
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
