/**
 * Ordering and ranking a million values without a comparator sort: a stable
 * LSD radix sort over the values' 64 bits (16 bits a pass), the bits mapped
 * so that unsigned order is numeric order. Ties keep their index order and
 * get their average rank, exactly as `averageRanks` (stats/ranks.ts) gives.
 * Values must be finite or NaN; NaN is skipped where said; -0 ties with 0.
 */

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;

/** The indexes of the values (NaN skipped) ordered by value, ties in index order. */
export function orderByValue(values: ArrayLike<number>): Int32Array {
  const keys = new Float64Array(values.length);
  let count = 0;
  const indexes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    keys[count] = value === 0 ? 0 : value;
    indexes[count++] = i;
  }

  return radixOrder(keys.subarray(0, count), indexes.subarray(0, count));
}

/** 1-based ranks in input order; tied values share their mean rank. */
export function sortedRanks(values: ArrayLike<number>): Float64Array {
  const order = orderByValue(values);

  const ranks = new Float64Array(values.length);
  forEachTieGroup(order, values, (start, end) => {
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
  });

  return ranks;
}

/** Sizes of the groups of equal values, in ascending order of the value. */
export function tieSizes(order: Int32Array, values: ArrayLike<number>): number[] {
  const sizes: number[] = [];
  forEachTieGroup(order, values, (start, end) => sizes.push(end - start));

  return sizes;
}

function forEachTieGroup(
  order: Int32Array,
  values: ArrayLike<number>,
  visit: (start: number, end: number) => void,
): void {
  let start = 0;
  while (start < order.length) {
    const value = values[order[start] as number];
    let end = start + 1;
    while (end < order.length && values[order[end] as number] === value) end++;
    visit(start, end);
    start = end;
  }
}

/** `indexes` reordered by `keys` (the same length), stably. */
function radixOrder(keys: Float64Array, indexes: Int32Array): Int32Array {
  const words = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
  const n = keys.length;
  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i] as number;
    const hi = words[2 * i + 1] as number;
    const negative = hi >>> 31 === 1;
    low[i] = negative ? ~lo >>> 0 : lo;
    high[i] = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
  }

  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Int32Array(n);
  const counts = new Int32Array(BUCKETS);
  for (const [half, shift] of [
    [low, 0],
    [low, DIGIT_BITS],
    [high, 0],
    [high, DIGIT_BITS],
  ] as const) {
    scatterByDigit(half, shift, order, spare, counts);
    [order, spare] = [spare, order];
  }

  for (let i = 0; i < n; i++) order[i] = indexes[order[i] as number] as number;

  return order;
}

function scatterByDigit(
  half: Uint32Array,
  shift: number,
  from: Int32Array,
  to: Int32Array,
  counts: Int32Array,
): void {
  counts.fill(0);
  for (let i = 0; i < from.length; i++) {
    counts[((half[from[i] as number] as number) >>> shift) & DIGIT_MASK]!++;
  }
  let total = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const count = counts[b] as number;
    counts[b] = total;
    total += count;
  }
  for (let i = 0; i < from.length; i++) {
    const k = from[i] as number;
    to[counts[((half[k] as number) >>> shift) & DIGIT_MASK]!++] = k;
  }
}
