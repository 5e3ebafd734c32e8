import { AnalysisParameterError } from '../errors.ts';
import type { MetadataColumn, MetadataTable } from '../metadata/types.ts';
import type { RulePredicate } from './types.ts';

/** Whether row `row` of the column satisfies the predicate. */
export function predicateMatches(
  column: MetadataColumn,
  predicate: RulePredicate,
  row: number,
): boolean {
  if (column.kind === 'numeric') {
    const v = column.values[row] as number;
    return predicate.op === '='
      ? predicate.value === null && Number.isNaN(v)
      : compare(v, predicate);
  }

  const level = column.levels[column.codes[row] as number];
  const wanted =
    predicate.value === null || typeof predicate.value === 'boolean'
      ? predicate.value
      : String(predicate.value);

  return predicate.op === '=' && level === wanted;
}

/** The rows (1 = covered) a conjunction of predicates covers. */
export function ruleMask(
  table: MetadataTable,
  predicates: readonly RulePredicate[],
): Uint8Array {
  const columns = predicates.map((p, i) => {
    const column = table.columns.find((c) => c.field === p.field);
    if (column === undefined) {
      throw new AnalysisParameterError(
        `predicates[${i}].field`,
        p.field,
        'a metadata field',
      );
    }
    return column;
  });

  return Uint8Array.from({ length: table.size }, (_, row) =>
    predicates.every((p, i) => predicateMatches(columns[i] as MetadataColumn, p, row))
      ? 1
      : 0,
  );
}

function compare(value: number, predicate: RulePredicate): boolean {
  const t = predicate.value;
  if (typeof t !== 'number') {
    return false;
  }

  return predicate.op === '<=' ? value <= t : value > t;
}
