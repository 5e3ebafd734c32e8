/** Reading a run's tests result (tests.json): JSON, then the schema. */
import { TestsReportError } from './errors.ts';
import { parseTrackingFile } from './parse-file.ts';
import { testsReportSchema } from './tests-report-schema.ts';
import type { RunTestsReport } from './types.ts';

/**
 * The tests result in `text`, read from `file` (its S3 URI). A bad file is
 * a `TestsReportError` naming the file, line, field and value.
 */
export function parseTestsReport(text: string, file: string): RunTestsReport {
  return parseTrackingFile(
    text,
    file,
    testsReportSchema,
    'tests result',
    (message, where, options) => new TestsReportError(message, where, options),
  );
}
