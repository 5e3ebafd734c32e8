import type { MetadataColumn, MetadataTable } from '../metadata/types.ts';
import { bitsetFromMask } from './bitset.ts';
import type { Bitset } from './bitset.ts';
import { predicateMatches } from './evaluate.ts';
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

/**
 * Every predicate the rule search considers, in column order: for a
 * categorical or boolean field, `field = value` for each value (missing
 * included); for a numeric field, `<=` and `>` at each quantile threshold,
 * and `= null` (missing) when values are missing. Constant fields and
 * predicates covering fewer than `minSupport` samples are left out.
 */
export function candidatePredicates(
  table: MetadataTable,
  minSupport: number,
  quantileBins: number,
): CandidatePredicate[] {
  return table.columns.flatMap((column, c) =>
    column.constant
      ? []
      : predicatesOf(column, minSupport, quantileBins).flatMap((predicate) => {
          const mask = Uint8Array.from({ length: table.size }, (_, row) =>
            predicateMatches(column, predicate, row) ? 1 : 0,
          );
          const support = mask.reduce((sum, m) => sum + m, 0);
          return support < minSupport
            ? []
            : [{ predicate, column: c, rows: bitsetFromMask(mask), support }];
        }),
  );
}

function predicatesOf(
  column: MetadataColumn,
  minSupport: number,
  quantileBins: number,
): RulePredicate[] {
  const field = column.field;
  if (column.kind !== 'numeric') {
    return column.levels.flatMap((value, l) =>
      (column.counts[l] as number) < minSupport
        ? []
        : [{ field, op: '=' as const, value }],
    );
  }

  const sorted = column.values.filter((v) => !Number.isNaN(v)).sort();
  const cuts = quantileThresholds(sorted, quantileBins).flatMap((t) => [
    { field, op: '<=' as const, value: t },
    { field, op: '>' as const, value: t },
  ]);

  return column.missingCount > 0 ? [...cuts, { field, op: '=', value: null }] : cuts;
}
