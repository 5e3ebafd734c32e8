import type {
  CategoricalColumn,
  MetadataColumn,
  MetadataTable,
  NumericColumn,
} from '../metadata/types.ts';
import { popcount } from './bitset.ts';
import type { Bitset } from './bitset.ts';
import { quantileThresholds } from './thresholds.ts';
import type { RulePredicate } from './types.ts';

/** A predicate a rule may use, with the rows it covers. */
export interface CandidatePredicate {
  predicate: RulePredicate;
  /** Index of the field in the table's columns: a rule uses a field once. */
  column: number;
  rows: Bitset;
  support: number;
}

/** Candidates depend on the table and settings only: kept per table for reuse. */
const cache = new WeakMap<MetadataTable, Map<string, CandidatePredicate[]>>();

/**
 * Every predicate the rule search considers, in column order: for a
 * categorical or boolean field, `field = value` for each value (missing
 * included); for a numeric field, `<=` and `>` at each quantile threshold,
 * and `= null` (missing) when values are missing. Constant fields and
 * predicates covering fewer than `minSupport` samples are left out. Each
 * column is read in one pass per predicate kind; the result is shared by
 * every search over the same table with the same settings (do not mutate).
 */
export function candidatePredicates(
  table: MetadataTable,
  minSupport: number,
  quantileBins: number,
): CandidatePredicate[] {
  const key = `${minSupport}/${quantileBins}`;
  const known = cache.get(table) ?? new Map<string, CandidatePredicate[]>();
  cache.set(table, known);
  const cached = known.get(key);
  if (cached !== undefined) return cached;

  const candidates = table.columns.flatMap((column, c) =>
    column.constant
      ? []
      : columnPredicates(column, c, table.size, minSupport, quantileBins).filter(
          (candidate) => candidate.support >= minSupport,
        ),
  );
  known.set(key, candidates);

  return candidates;
}

function columnPredicates(
  column: MetadataColumn,
  c: number,
  size: number,
  minSupport: number,
  quantileBins: number,
): CandidatePredicate[] {
  return column.kind === 'numeric'
    ? numericPredicates(column, c, size, quantileBins)
    : categoryPredicates(column, c, size, minSupport);
}

function categoryPredicates(
  column: CategoricalColumn,
  c: number,
  size: number,
  minSupport: number,
): CandidatePredicate[] {
  const words = (size + 31) >> 5;
  const wanted = column.levels.map(
    (_, l) => (column.counts[l] as number) >= minSupport,
  );
  const rowsOf = column.levels.map((_, l) => new Uint32Array(wanted[l] ? words : 0));
  const codes = column.codes;
  for (let i = 0; i < size; i++) {
    const code = codes[i] as number;
    if (wanted[code]) rowsOf[code]![i >> 5]! |= 1 << (i & 31);
  }

  return column.levels.flatMap((value, l) =>
    wanted[l]
      ? [
          {
            predicate: { field: column.field, op: '=' as const, value },
            column: c,
            rows: rowsOf[l] as Bitset,
            support: column.counts[l] as number,
          },
        ]
      : [],
  );
}

function numericPredicates(
  column: NumericColumn,
  c: number,
  size: number,
  quantileBins: number,
): CandidatePredicate[] {
  const field = column.field;
  const sorted = column.values.filter((v) => !Number.isNaN(v)).sort();
  const candidates = quantileThresholds(sorted, quantileBins).flatMap((t) => {
    const [atMost, above] = splitAt(column.values, size, t);
    return [
      { predicate: { field, op: '<=' as const, value: t }, column: c, ...atMost },
      { predicate: { field, op: '>' as const, value: t }, column: c, ...above },
    ];
  });
  if (column.missingCount === 0) return candidates;

  const missing = { field, op: '=' as const, value: null };

  return [
    ...candidates,
    { predicate: missing, column: c, ...missingRows(column.values, size) },
  ];
}

/** Rows with value <= t and rows with value > t (a missing value in neither). */
function splitAt(
  values: Float64Array,
  size: number,
  t: number,
): [{ rows: Bitset; support: number }, { rows: Bitset; support: number }] {
  const words = (size + 31) >> 5;
  const atMost = new Uint32Array(words);
  const above = new Uint32Array(words);
  for (let i = 0; i < size; i++) {
    const v = values[i] as number;
    if (v <= t) atMost[i >> 5]! |= 1 << (i & 31);
    else if (v > t) above[i >> 5]! |= 1 << (i & 31);
  }

  return [
    { rows: atMost, support: countBits(atMost) },
    { rows: above, support: countBits(above) },
  ];
}

function missingRows(
  values: Float64Array,
  size: number,
): { rows: Bitset; support: number } {
  const rows = new Uint32Array((size + 31) >> 5);
  for (let i = 0; i < size; i++) {
    if (Number.isNaN(values[i] as number)) rows[i >> 5]! |= 1 << (i & 31);
  }

  return { rows, support: countBits(rows) };
}

function countBits(bits: Bitset): number {
  let count = 0;
  for (let w = 0; w < bits.length; w++) count += popcount(bits[w] as number);

  return count;
}
