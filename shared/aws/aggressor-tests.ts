/**
 * Saved aggressor tests in the bucket: `tests/<project>/<name>.json` and a
 * region test's reference embeddings beside it (docs/tracking.md).
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { encodeNpy, parseNpy } from '../bundle/npy.ts';
import { parseTestDefinition } from '../tracking/parse-test.ts';
import { TestDefinitionError } from '../tracking/errors.ts';
import type { ReferenceEmbeddings } from '../tracking/tracked-run.ts';
import type { AggressorTest } from '../tracking/types.ts';
import { s3Keys, TEST_FILE_SUFFIX } from './keys.ts';
import {
  getBytes,
  getText,
  listKeys,
  putBytes,
  putText,
  JSON_CONTENT_TYPE,
} from './s3-io.ts';

/** A test as read from the bucket: the test, or why its file is bad. */
export type StoredTest =
  | { name: string; key: string; test: AggressorTest }
  | { name: string; key: string; error: Error };

/** Names of the project's saved tests, sorted. */
export async function listTestNames(
  s3: S3Client,
  bucket: string,
  project: string,
): Promise<string[]> {
  const prefix = s3Keys.testsPrefix(project);
  const keys = await listKeys(s3, bucket, prefix);

  return keys
    .map((key) => key.slice(prefix.length))
    .filter((rest) => rest.endsWith(TEST_FILE_SUFFIX) && !rest.includes('/'))
    .map((rest) => rest.slice(0, -TEST_FILE_SUFFIX.length))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One saved test; a bad file is a `TestDefinitionError` naming file, line, field, value. */
export async function readTest(
  s3: S3Client,
  bucket: string,
  project: string,
  name: string,
): Promise<AggressorTest> {
  const key = s3Keys.testDefinition(project, name);
  const text = await getText(s3, bucket, key);

  return parseTestDefinition(text, `s3://${bucket}/${key}`, name);
}

/** Every saved test of the project; a bad one is kept with its error, the others still read. */
export async function readTests(
  s3: S3Client,
  bucket: string,
  project: string,
): Promise<StoredTest[]> {
  const names = await listTestNames(s3, bucket, project);
  const stored: StoredTest[] = [];
  for (const name of names) {
    const key = s3Keys.testDefinition(project, name);
    try {
      stored.push({ name, key, test: await readTest(s3, bucket, project, name) });
    } catch (error) {
      if (!(error instanceof TestDefinitionError)) throw error;
      stored.push({ name, key, error });
    }
  }

  return stored;
}

export async function putTest(
  s3: S3Client,
  bucket: string,
  project: string,
  test: AggressorTest,
): Promise<string> {
  const key = s3Keys.testDefinition(project, test.name);
  await putText(
    s3,
    bucket,
    key,
    `${JSON.stringify(test, null, 2)}\n`,
    JSON_CONTENT_TYPE,
  );

  return key;
}

/** Deletes the test file and its reference embeddings (absent ones are fine). */
export async function deleteTest(
  s3: S3Client,
  bucket: string,
  project: string,
  name: string,
): Promise<void> {
  for (const key of [
    s3Keys.testDefinition(project, name),
    s3Keys.testReference(project, name),
  ]) {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
}

/** Writes reference embeddings as a float32 `.npy`, rows in the order of `sampleIds`. */
export async function putReference(
  s3: S3Client,
  bucket: string,
  key: string,
  reference: ReferenceEmbeddings,
): Promise<void> {
  const rows = [...reference.values()];
  const cols = rows[0]?.length ?? 0;
  const data = new Float32Array(rows.length * cols);
  rows.forEach((row, r) => data.set(Array.from(row), r * cols));

  await putBytes(
    s3,
    bucket,
    key,
    encodeNpy(data, rows.length, cols),
    'application/octet-stream',
  );
}

/** Reads reference embeddings: row i of the `.npy` belongs to `sampleIds[i]`. */
export async function readReference(
  s3: S3Client,
  bucket: string,
  key: string,
  sampleIds: readonly string[],
): Promise<ReferenceEmbeddings> {
  const file = `s3://${bucket}/${key}`;
  const matrix = parseNpy(await getBytes(s3, bucket, key), file);
  if (matrix.rows !== sampleIds.length) {
    throw new TestDefinitionError(
      `${file}: expected ${sampleIds.length} rows (one per reference sample id), got ${matrix.rows}`,
      { file, field: 'membership.reference.sampleIds', value: matrix.rows },
    );
  }

  return new Map(
    sampleIds.map((id, r) => [
      id,
      matrix.data.subarray(r * matrix.cols, (r + 1) * matrix.cols),
    ]),
  );
}
