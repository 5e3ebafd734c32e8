import { describe, expect, it } from 'vitest';
import { BundleError, bundleError } from '../../../shared/bundle/errors.ts';

describe('Class: BundleError', () => {
  it('keeps its location, value and cause and is named BundleError', () => {
    const cause = new Error('underlying');

    const error = new BundleError({
      message: 'samples.jsonl line 3, field "id": missing',
      file: 'samples.jsonl',
      line: 3,
      field: 'id',
      value: 7,
      cause,
    });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BundleError');
    expect([error.file, error.line, error.field, error.value]).toEqual([
      'samples.jsonl',
      3,
      'id',
      7,
    ]);
    expect(error.cause).toBe(cause);
  });

  it('renders the value of its record as a string of at most 200 characters', () => {
    const long = 'x'.repeat(500);

    const record = new BundleError({
      message: 'm',
      file: 'f',
      value: { long },
    }).toRecord();

    expect(record.value).toHaveLength(200);
    expect(record.value?.startsWith('{"long":"xxx')).toBe(true);
    expect(record.value?.endsWith('…')).toBe(true);
  });

  it('renders numbers, NaN and strings in its record as they read', () => {
    const recordOf = (value: unknown) =>
      new BundleError({ message: 'm', file: 'f', value }).toRecord().value;

    expect([
      recordOf(1.5),
      recordOf(Number.NaN),
      recordOf('NaN'),
      recordOf(null),
    ]).toEqual(['1.5', 'NaN', 'NaN', 'null']);
  });

  it('leaves out of its record the parts it does not have', () => {
    const record = new BundleError({ message: 'm', file: 'manifest.json' }).toRecord();

    expect(record).toEqual({ message: 'm', file: 'manifest.json' });
  });
});

describe('Function: bundleError', () => {
  it('starts the message with the file, line and field', () => {
    const error = bundleError(
      { file: 'samples.jsonl', line: 12, field: 'metadata.year' },
      'expected a number, string, boolean or null, got {"a":1}',
      { a: 1 },
    );

    expect(error.message).toBe(
      'samples.jsonl line 12, field "metadata.year": expected a number, string, boolean or null, got {"a":1}',
    );
    expect(error.toRecord()).toEqual({
      message: error.message,
      file: 'samples.jsonl',
      line: 12,
      field: 'metadata.year',
      value: '{"a":1}',
    });
  });

  it('writes a field without a line as "file, field"', () => {
    const error = bundleError(
      { file: 'manifest.json', field: 'project' },
      'expected "a"',
    );

    expect(error.message).toBe('manifest.json, field "project": expected "a"');
  });
});
