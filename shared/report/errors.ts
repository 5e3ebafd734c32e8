import type { BundleError } from '../bundle/errors.ts';

/** Base error of the report: bad input it refuses, naming the field and value. */
export class ReportError extends Error {
  override name = 'ReportError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A field of the report's input that cannot be shown as given. */
export class ReportInputError extends ReportError {
  override name = 'ReportInputError';
  readonly field: string;
  readonly value: string;

  constructor(field: string, value: unknown, needed: string) {
    const shown = quote(value);
    super(`report input ${field}: needed ${needed}, got ${shown}`);
    this.field = field;
    this.value = shown;
  }
}

/** The inlined chart library could not be read or is unsafe to inline. */
export class ChartLibraryError extends ReportError {
  override name = 'ChartLibraryError';
}

/** A stored line that cannot be read: the file (its S3 URI), line, field and value. */
export class StoredLineError extends ReportError {
  override name = 'StoredLineError';
  readonly file: string;
  readonly line: number;
  readonly field?: string;
  readonly value?: unknown;

  constructor(cause: BundleError, line: number) {
    super(cause.message, { cause });
    this.file = cause.file;
    this.line = line;
    this.field = cause.field;
    this.value = cause.value;
  }
}

function quote(value: unknown): string {
  if (typeof value === 'number') return String(value);
  const text = JSON.stringify(value) ?? String(value);

  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
