/** Reading a tracking file (a test definition, a tests result): JSON, then its schema. */
import type { z } from 'zod';
import { BundleError } from '../bundle/errors.ts';
import { parseJson } from '../bundle/json.ts';
import { zodIssueToError } from '../bundle/zod-issue.ts';
import type { TestFileLocation } from './errors.ts';

type FileErrorOf = (
  message: string,
  where: TestFileLocation,
  options?: { cause?: unknown },
) => Error;

/**
 * The value in `text`, read from `file`, checked against `schema`. A bad
 * file is the error `errorOf` makes, naming the file, line, field and value;
 * `what` names the kind of file when zod gives no issue to point at.
 */
export function parseTrackingFile<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  what: string,
  errorOf: FileErrorOf,
): T {
  const located = (error: unknown): unknown =>
    error instanceof BundleError
      ? errorOf(
          error.message,
          {
            file: error.file,
            line: error.line,
            field: error.field,
            value: error.value,
          },
          { cause: error },
        )
      : error;

  let data: unknown;
  try {
    data = parseJson(text, file);
  } catch (error) {
    throw located(error);
  }
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  if (issue === undefined) throw errorOf(`${file}: not a valid ${what}`, { file });
  throw located(zodIssueToError(issue, file, text));
}
