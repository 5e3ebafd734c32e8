/** A run's tests result in the bucket: `results/<project>/<modelVersion>/<runId>/tests.json`. */
import type { S3Client } from '@aws-sdk/client-s3';
import { parseTestsReport } from '../tracking/parse-tests-report.ts';
import type { RunTestsReport } from '../tracking/types.ts';
import { getText } from './s3-io.ts';

/**
 * The tests result at `key`, checked against its schema. A missing object is
 * an `S3ObjectMissingError`; a bad one a `TestsReportError` naming the file,
 * line, field and value.
 */
export async function readTestsReport(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<RunTestsReport> {
  const text = await getText(s3, bucket, key);

  return parseTestsReport(text, `s3://${bucket}/${key}`);
}
