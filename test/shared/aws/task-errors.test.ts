import { describe, expect, it } from 'vitest';
import {
  runErrorFromFailure,
  runTask,
  toTaskError,
} from '../../../shared/aws/task-errors.ts';
import { bundleError } from '../../../shared/bundle/errors.ts';

const error = bundleError(
  { file: 's3://b/evaluations/p/v/samples.jsonl', line: 4, field: 'metadata.year' },
  'expected a number, string, boolean or null',
  { a: 1 },
);

/** Step Functions' Cause for a Lambda that threw `thrown` (Node.js runtime). */
function lambdaCause(thrown: Error): string {
  return JSON.stringify({
    errorType: thrown.name,
    errorMessage: thrown.message,
    trace: (thrown.stack ?? '').split('\n'),
  });
}

describe('Function: toTaskError', () => {
  it('keeps the name and puts the error record in the message as JSON', () => {
    const thrown = toTaskError(error) as Error;

    expect(thrown.name).toBe('BundleError');
    expect(JSON.parse(thrown.message)).toEqual(error.toRecord());
    expect(thrown.cause).toBe(error);
  });

  it('returns errors without a record unchanged', () => {
    const plain = new RangeError('k larger than n');

    expect(toTaskError(plain)).toBe(plain);
  });
});

describe('Function: runTask', () => {
  it('rethrows a BundleError from the work as a task error', async () => {
    const thrown = await runTask(async () => {
      throw error;
    }).catch((e: unknown) => e as Error);

    expect(thrown.name).toBe('BundleError');
    expect(JSON.parse(thrown.message)).toMatchObject({
      line: 4,
      field: 'metadata.year',
    });
  });
});

describe('Function: runErrorFromFailure', () => {
  it('returns file, line, field and value of a BundleError thrown by a Lambda task', () => {
    const thrown = toTaskError(error) as Error;

    expect(
      runErrorFromFailure({ Error: thrown.name, Cause: lambdaCause(thrown) }),
    ).toEqual({
      message: error.message,
      file: 's3://b/evaluations/p/v/samples.jsonl',
      line: 4,
      field: 'metadata.year',
      value: '{"a":1}',
    });
  });

  it('returns the message of another Lambda error', () => {
    const thrown = new TypeError('cannot read x');

    expect(
      runErrorFromFailure({ Error: 'TypeError', Cause: lambdaCause(thrown) }),
    ).toEqual({
      message: 'cannot read x',
    });
  });

  it('returns a plain-text cause as the message', () => {
    expect(
      runErrorFromFailure({
        Error: 'States.Timeout',
        Cause: 'Task timed out after 900 s',
      }),
    ).toEqual({ message: 'Task timed out after 900 s' });
  });

  it('names the error when no cause is given', () => {
    expect(runErrorFromFailure({ Error: 'States.TaskFailed' })).toEqual({
      message: 'States.TaskFailed (no cause given)',
    });
    expect(runErrorFromFailure({})).toEqual({
      message: 'UnknownError (no cause given)',
    });
  });

  it('ignores record fields of the wrong type', () => {
    const message = JSON.stringify({ message: 'm', file: 3, line: '4', field: 'f' });
    const cause = JSON.stringify({ errorType: 'X', errorMessage: message });

    expect(runErrorFromFailure({ Error: 'X', Cause: cause })).toEqual({
      message: 'm',
      field: 'f',
    });
  });
});
