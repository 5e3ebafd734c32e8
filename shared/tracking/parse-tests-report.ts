/** Reading a run's tests result (tests.json): JSON, then the schema. */
import { BundleError } from '../bundle/errors.ts';
import { parseJson } from '../bundle/json.ts';
import { zodIssueToError } from '../bundle/zod-issue.ts';
import { TestsReportError } from './errors.ts';
import { testsReportSchema } from './tests-report-schema.ts';
import type { RunTestsReport } from './types.ts';

/**
 * The tests result in `text`, read from `file` (its S3 URI). A bad file is
 * a `TestsReportError` naming the file, line, field and value.
 */
export function parseTestsReport(text: string, file: string): RunTestsReport {
  let data: unknown;
  try {
    data = parseJson(text, file);
  } catch (error) {
    throw asReportError(error);
  }
  const result = testsReportSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  if (issue === undefined) {
    throw new TestsReportError(`${file}: not a valid tests result`, { file });
  }
  throw asReportError(zodIssueToError(issue, file, text));
}

function asReportError(error: unknown): unknown {
  if (!(error instanceof BundleError)) return error;
  const { file, line, field, value } = error;

  return new TestsReportError(
    error.message,
    { file, line, field, value },
    { cause: error },
  );
}
