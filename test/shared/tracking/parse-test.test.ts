import { describe, expect, it } from 'vitest';
import { TestDefinitionError } from '../../../shared/tracking/errors.ts';
import { parseTestDefinition } from '../../../shared/tracking/parse-test.ts';

const FILE = 's3://bucket/tests/spam/hard-ham.json';

const valid = {
  schemaVersion: 1,
  name: 'hard-ham',
  metric: 'errorRate',
  membership: { kind: 'ids', sampleIds: ['a', 'b'] },
  maxRegression: 0.02,
  threshold: 0.5,
  savedValue: 0.3,
};

function caught(run: () => unknown): TestDefinitionError {
  try {
    run();
  } catch (error) {
    if (error instanceof TestDefinitionError) return error;
    throw error;
  }
  throw new Error('expected a TestDefinitionError');
}

describe('Function: parseTestDefinition', () => {
  it('returns the test of a valid file', () => {
    const test = parseTestDefinition(JSON.stringify(valid), FILE, 'hard-ham');

    expect(test).toEqual(valid);
  });

  it('names the file, line, field and value of an unknown metric', () => {
    const text = JSON.stringify({ ...valid, metric: 'f1' }, null, 2);

    const error = caught(() => parseTestDefinition(text, FILE));

    expect(error.file).toBe(FILE);
    expect(error.field).toBe('metric');
    expect(error.value).toBe('f1');
    expect(error.line).toBe(4);
    expect(error.message).toContain(`${FILE} line 4, field "metric"`);
    expect(error.message).toContain('"f1"');
  });

  it('names a nested field: a predicate with an unknown operator', () => {
    const membership = {
      kind: 'rule',
      predicates: [{ field: 'x', op: '<', value: 1 }],
    };
    const text = JSON.stringify({ ...valid, membership });

    const error = caught(() => parseTestDefinition(text, FILE));

    expect(error.field).toBe('membership.predicates[0].op');
    expect(error.value).toBe('<');
  });

  it('refuses a negative allowed regression, naming its value', () => {
    const text = JSON.stringify({ ...valid, maxRegression: -0.1 });

    const error = caught(() => parseTestDefinition(text, FILE));

    expect(error.field).toBe('maxRegression');
    expect(error.value).toBe(-0.1);
  });

  it('refuses a name that differs from the file name', () => {
    const error = caught(() =>
      parseTestDefinition(JSON.stringify(valid), FILE, 'other-name'),
    );

    expect(error.field).toBe('name');
    expect(error.value).toBe('hard-ham');
    expect(error.message).toContain('expected "other-name"');
  });

  it('refuses a file that is not JSON, with its line', () => {
    const error = caught(() => parseTestDefinition('{\n  "name": }', FILE));

    expect(error.file).toBe(FILE);
    expect(error.line).toBe(2);
  });

  it('refuses another schema version', () => {
    const error = caught(() =>
      parseTestDefinition(JSON.stringify({ ...valid, schemaVersion: 2 }), FILE),
    );

    expect(error.field).toBe('schemaVersion');
    expect(error.value).toBe(2);
  });
});
