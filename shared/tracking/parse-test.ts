/** Reading a test file: JSON, then the schema, then name against file name. */
import { TestDefinitionError } from './errors.ts';
import { parseTrackingFile } from './parse-file.ts';
import { aggressorTestSchema } from './test-schema.ts';
import type { AggressorTest } from './types.ts';

/**
 * The test in `text`, read from `file`. `expectedName` (the file's name
 * without `.json`) must equal the test's `name`. A bad file is a
 * `TestDefinitionError` naming the file, line, field and value.
 */
export function parseTestDefinition(
  text: string,
  file: string,
  expectedName?: string,
): AggressorTest {
  const test = parseTrackingFile(
    text,
    file,
    aggressorTestSchema,
    'test definition',
    (message, where, options) => new TestDefinitionError(message, where, options),
  );

  if (expectedName !== undefined && test.name !== expectedName) {
    throw new TestDefinitionError(
      `${file}, field "name": expected "${expectedName}" (the file's name), ` +
        `got "${test.name}"`,
      { file, field: 'name', value: test.name },
    );
  }

  return test;
}
