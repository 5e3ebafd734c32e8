import { StatisticInputError } from '../errors.ts';
import { chiSquareSurvival } from './distributions.ts';
import type { GTestResult } from './types.ts';

export interface GTestOptions {
  /** Divide G by Williams' q (1976), which brings small tables closer to chi-square. */
  williams?: boolean;
}

/**
 * G-test of independence for an r x c table of counts: G = 2 Σ O ln(O / E)
 * with E = row total x column total / N (a zero count adds 0), df =
 * (r - 1)(c - 1), p from the chi-square upper tail. Williams' correction
 * divides G by q = 1 + (N Σ 1/R_i - 1)(N Σ 1/C_j - 1) / (6 N df).
 *
 * @throws StatisticInputError on fewer than 2 rows or columns, ragged rows,
 *   a negative or non-finite count, or a row or column with no counts.
 */
export function gTest(
  table: readonly (readonly number[])[],
  options: GTestOptions = {},
) {
  const { rowTotals, columnTotals, total } = checkedTotals(table);

  let g = 0;
  table.forEach((row, i) =>
    row.forEach((observed, j) => {
      const expected = ((rowTotals[i] as number) * (columnTotals[j] as number)) / total;
      g += observed > 0 ? 2 * observed * Math.log(observed / expected) : 0;
    }),
  );
  const df = (rowTotals.length - 1) * (columnTotals.length - 1);
  const williamsQ = options.williams ? williams(rowTotals, columnTotals, total, df) : 1;
  const corrected = Math.max(0, g / williamsQ);

  return {
    g: corrected,
    df,
    pValue: chiSquareSurvival(corrected, df),
    williamsQ,
  } satisfies GTestResult;
}

function williams(rows: number[], columns: number[], total: number, df: number) {
  const inverseSum = (totals: number[]) => totals.reduce((s, t) => s + 1 / t, 0);

  return (
    1 +
    ((total * inverseSum(rows) - 1) * (total * inverseSum(columns) - 1)) /
      (6 * total * df)
  );
}

function checkedTotals(table: readonly (readonly number[])[]) {
  const columns = table[0]?.length ?? 0;
  if (table.length < 2 || columns < 2) {
    const shape = `${table.length} x ${columns}`;
    throw new StatisticInputError('table', shape, 'at least 2 x 2');
  }

  const rowTotals = table.map((row, i) => checkedRowTotal(row, i, columns));
  const columnTotals = Array.from({ length: columns }, (_, j) =>
    table.reduce((sum, row) => sum + (row[j] as number), 0),
  );
  rowTotals.forEach((t, i) => refuseEmpty(t, `table[${i}]`, 'row'));
  columnTotals.forEach((t, j) => refuseEmpty(t, `table[*][${j}]`, 'column'));

  return { rowTotals, columnTotals, total: rowTotals.reduce((s, t) => s + t, 0) };
}

function checkedRowTotal(row: readonly number[], i: number, columns: number): number {
  if (row.length !== columns) {
    throw new StatisticInputError(`table[${i}].length`, row.length, `${columns}`);
  }

  return row.reduce((sum, count, j) => {
    if (!(Number.isFinite(count) && count >= 0)) {
      throw new StatisticInputError(`table[${i}][${j}]`, count, 'a count >= 0');
    }
    return sum + count;
  }, 0);
}

function refuseEmpty(total: number, field: string, what: string): void {
  if (total === 0) {
    throw new StatisticInputError(field, total, `a ${what} with some counts`);
  }
}
