/**
 * The bundle area's one error. Every problem with an upload is reported as a
 * `BundleError` carrying where it is (file, line, field) and what was found
 * (value), so the CLI, the run record and the failure alert can all show it.
 */

const RECORD_VALUE_MAX_CHARS = 200;

export interface BundleErrorDetails {
  message: string;
  file: string;
  line?: number;
  /** 1-based row of a Parquet file (where a JSON Lines file has its line). */
  row?: number;
  field?: string;
  value?: unknown;
  cause?: unknown;
}

export interface BundleErrorRecord {
  message: string;
  file: string;
  line?: number;
  row?: number;
  field?: string;
  value?: string;
}

export class BundleError extends Error {
  override name = 'BundleError';
  readonly file: string;
  readonly line?: number;
  readonly row?: number;
  readonly field?: string;
  readonly value?: unknown;

  constructor(details: BundleErrorDetails) {
    super(details.message, { cause: details.cause });
    this.file = details.file;
    this.line = details.line;
    this.row = details.row;
    this.field = details.field;
    this.value = details.value;
  }

  /** Plain record for the run record/CLI: value rendered as a string of at most 200 chars. */
  toRecord(): BundleErrorRecord {
    const record: BundleErrorRecord = { message: this.message, file: this.file };
    if (this.line !== undefined) record.line = this.line;
    if (this.row !== undefined) record.row = this.row;
    if (this.field !== undefined) record.field = this.field;
    if (this.value !== undefined) record.value = truncate(renderValue(this.value));

    return record;
  }
}

/** Where a problem is: a file, and optionally a line (or row) and a field in it. */
export interface BundleLocation {
  file: string;
  line?: number;
  /** 1-based row of a Parquet file. */
  row?: number;
  field?: string;
}

/**
 * Builds a `BundleError` whose message starts with its location, e.g.
 * `samples.jsonl line 12, field "metadata.year": expected a number, got {"a":1}`.
 */
export function bundleError(
  where: BundleLocation,
  problem: string,
  value?: unknown,
  cause?: unknown,
): BundleError {
  const message = `${describeLocation(where)}: ${problem}`;

  return new BundleError({ ...where, message, value, cause });
}

export function describeLocation(where: BundleLocation): string {
  const parts = [where.file];
  if (where.line !== undefined) parts.push(` line ${where.line}`);
  if (where.row !== undefined) parts.push(` row ${where.row}`);
  if (where.field !== undefined && where.field !== '') {
    parts.push(`, field "${where.field}"`);
  }

  return parts.join('');
}

/** A value as it reads in a message: strings quoted, everything else as JSON. */
export function quoteValue(value: unknown): string {
  if (typeof value === 'string') return truncate(JSON.stringify(value));

  return truncate(renderValue(value));
}

/** A value as a plain string: strings as they are, numbers including NaN, else JSON. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'nothing';

  return JSON.stringify(value) ?? String(value);
}

function truncate(text: string): string {
  if (text.length <= RECORD_VALUE_MAX_CHARS) return text;

  return `${text.slice(0, RECORD_VALUE_MAX_CHARS - 1)}…`;
}
