/**
 * The columnar area's one error: a row that does not fit its column, with
 * the row (0-based), the field and the value that came.
 */
export class ColumnarError extends Error {
  override name = 'ColumnarError';
  readonly row: number;
  readonly field: string;
  readonly value: unknown;

  constructor(row: number, field: string, problem: string, value: unknown) {
    super(`row ${row}, field "${field}": ${problem}`);
    this.row = row;
    this.field = field;
    this.value = value;
  }
}
