/**
 * Sample metadata as columns, filled one sample at a time: per field an
 * Int32Array of codes (an index into the field's dictionary of distinct
 * strings and booleans, or one of the marks below) and, where numbers came,
 * a Float64Array of them. No object per sample is kept. Values are stored
 * as given: how to read them (numeric strings, blanks) is the reader's call.
 */
import { ColumnarError } from './errors.ts';

/** The field is not in the sample's metadata. */
export const ABSENT = -1;
/** The value is a number: see the column's `numbers`. */
export const NUMBER = -2;
/** The value is null. */
export const NULL = -3;

export type RawMetadataValue = string | number | boolean | null;

export interface MetadataColumn {
  field: string;
  /** Per row: an index into `dictionary`, or ABSENT, NUMBER or NULL. */
  codes: Int32Array;
  /** Per row the number where the code is NUMBER; null when no number came. */
  numbers: Float64Array | null;
  /** Distinct strings and booleans in order of first appearance (true ≠ "true"). */
  dictionary: Array<string | boolean>;
}

export interface MetadataColumns {
  rows: number;
  /** In order of each field's first appearance. */
  columns: MetadataColumn[];
}

const FIRST_CAPACITY_ROWS = 1024;
const GROWTH = 1.5;

interface GrowingColumn {
  field: string;
  codes: Int32Array;
  numbers: Float64Array | null;
  dictionary: Array<string | boolean>;
  indexOf: Map<string | boolean, number>;
}

export class MetadataColumnsBuilder {
  private readonly byField = new Map<string, GrowingColumn>();
  private capacityRows: number;
  private rowCount = 0;

  /** `rows`, when known, sizes the columns once. */
  constructor(rows?: number) {
    this.capacityRows = Math.max(1, rows ?? FIRST_CAPACITY_ROWS);
  }

  get rows(): number {
    return this.rowCount;
  }

  /**
   * Adds one sample's flat metadata (undefined: no fields) as the next row.
   * A bad value is refused before anything of the row is kept.
   */
  append(metadata: Readonly<Record<string, unknown>> | undefined): number {
    const row = this.rowCount;
    for (const field in metadata) checkValue(row, field, metadata[field]);
    if (row === this.capacityRows) this.grow();
    this.rowCount += 1;

    for (const field in metadata) {
      this.put(this.columnOf(field), row, metadata[field]);
    }

    return row;
  }

  finish(): MetadataColumns {
    const rows = this.rowCount;
    const columns = [...this.byField.values()].map((c) => ({
      field: c.field,
      codes: c.codes.subarray(0, rows),
      numbers: c.numbers && c.numbers.subarray(0, rows),
      dictionary: c.dictionary,
    }));

    return { rows, columns };
  }

  private columnOf(field: string): GrowingColumn {
    let column = this.byField.get(field);
    if (column === undefined) {
      const codes = new Int32Array(this.capacityRows).fill(ABSENT);
      column = { field, codes, numbers: null, dictionary: [], indexOf: new Map() };
      this.byField.set(field, column);
    }

    return column;
  }

  private put(column: GrowingColumn, row: number, value: unknown): void {
    if (value === null) {
      column.codes[row] = NULL;
    } else if (typeof value === 'number') {
      column.numbers ??= new Float64Array(this.capacityRows);
      column.numbers[row] = value;
      column.codes[row] = NUMBER;
    } else if (typeof value === 'string' || typeof value === 'boolean') {
      column.codes[row] = dictionaryCode(column, value);
    }
  }

  private grow(): void {
    this.capacityRows = Math.ceil(this.capacityRows * GROWTH);
    for (const column of this.byField.values()) {
      const codes = new Int32Array(this.capacityRows).fill(ABSENT);
      codes.set(column.codes);
      column.codes = codes;
      if (column.numbers !== null) {
        const numbers = new Float64Array(this.capacityRows);
        numbers.set(column.numbers);
        column.numbers = numbers;
      }
    }
  }
}

function checkValue(row: number, field: string, value: unknown): void {
  const kind = typeof value;
  if (value === null || value === undefined) return;
  if (kind === 'number' || kind === 'string' || kind === 'boolean') return;

  const problem = 'expected a number, string, boolean or null';
  throw new ColumnarError(row, field, problem, value);
}

function dictionaryCode(column: GrowingColumn, value: string | boolean): number {
  let code = column.indexOf.get(value);
  if (code === undefined) {
    code = column.dictionary.length;
    column.dictionary.push(value);
    column.indexOf.set(value, code);
  }

  return code;
}

/** The value of a row as it was given; undefined when the field is absent. */
export function valueAt(
  column: MetadataColumn,
  row: number,
): RawMetadataValue | undefined {
  const code = column.codes[row];
  if (code === undefined || code === ABSENT) return undefined;
  if (code === NULL) return null;
  if (code === NUMBER) return (column.numbers as Float64Array)[row] as number;

  return column.dictionary[code];
}
