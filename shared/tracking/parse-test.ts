/** Reading a test file: JSON, then the schema, then name against file name. */
import { BundleError } from '../bundle/errors.ts';
import { parseJson } from '../bundle/json.ts';
import { zodIssueToError } from '../bundle/zod-issue.ts';
import { TestDefinitionError } from './errors.ts';
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
  const test = checkSchema(readJson(text, file), text, file);

  if (expectedName !== undefined && test.name !== expectedName) {
    throw new TestDefinitionError(
      `${file}, field "name": expected "${expectedName}" (the file's name), ` +
        `got "${test.name}"`,
      { file, field: 'name', value: test.name },
    );
  }

  return test;
}

function readJson(text: string, file: string): unknown {
  try {
    return parseJson(text, file);
  } catch (error) {
    throw asDefinitionError(error);
  }
}

function checkSchema(data: unknown, text: string, file: string): AggressorTest {
  const result = aggressorTestSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  if (issue === undefined) {
    throw new TestDefinitionError(`${file}: not a valid test definition`, { file });
  }

  throw asDefinitionError(zodIssueToError(issue, file, text));
}

function asDefinitionError(error: unknown): unknown {
  if (!(error instanceof BundleError)) return error;

  return new TestDefinitionError(
    error.message,
    { file: error.file, line: error.line, field: error.field, value: error.value },
    { cause: error },
  );
}
