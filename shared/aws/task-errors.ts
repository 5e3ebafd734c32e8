/**
 * How an error crosses from a Task to the failure path. The Lambda Node.js
 * runtime reports only an error's name and message (Step Functions then sees
 * `Error` = name and `Cause` = `{"errorType","errorMessage","trace"}`); other
 * properties are dropped. So an error that carries a record of where the
 * problem is (a BundleError's `toRecord()`: message, file, line, field, value)
 * is re-thrown with the same name and that record as JSON in its message, and
 * `runErrorFromFailure` reads it back for the run record.
 */
import type { RunError } from './runs.ts';
import type { CaughtError } from '../pipeline/types.ts';

interface RecordBearing {
  name: string;
  toRecord(): RunError;
}

/** The error as a Task should throw it: details kept in the message as JSON. */
export function toTaskError(error: unknown): unknown {
  if (!isRecordBearing(error)) return error;

  const wrapped = new Error(JSON.stringify(error.toRecord()), { cause: error });
  wrapped.name = error.name;

  return wrapped;
}

/** Runs a core and re-throws its error as a Task should. */
export async function runTask<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toTaskError(error);
  }
}

/**
 * The run record's error from what a Catch stored. `Cause` is the Lambda
 * error document (on AWS, and in the local stack) or plain text (errors of
 * Step Functions itself, such as States.Timeout).
 */
export function runErrorFromFailure(failure: CaughtError): RunError {
  const name = failure.Error ?? 'UnknownError';
  const cause = failure.Cause?.trim() ?? '';
  if (cause === '') return { message: `${name} (no cause given)` };

  const message = errorMessageOf(cause);

  return detailsOf(message) ?? { message: message === '' ? name : message };
}

function errorMessageOf(cause: string): string {
  const parsed = parseJsonObject(cause);
  const errorMessage = parsed?.errorMessage;

  return typeof errorMessage === 'string' ? errorMessage : cause;
}

function detailsOf(message: string): RunError | undefined {
  const parsed = parseJsonObject(message);
  if (!parsed || typeof parsed.message !== 'string') return undefined;

  const details: RunError = { message: parsed.message };
  if (typeof parsed.file === 'string') details.file = parsed.file;
  if (typeof parsed.line === 'number') details.line = parsed.line;
  if (typeof parsed.field === 'string') details.field = parsed.field;
  if (typeof parsed.value === 'string') details.value = parsed.value;

  return details;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);

    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isRecordBearing(error: unknown): error is RecordBearing {
  return (
    error instanceof Error &&
    typeof (error as Partial<RecordBearing>).toRecord === 'function'
  );
}
