/**
 * Thin wrappers over the S3 commands the pipeline uses. Bodies are JSON,
 * JSON lines or text; a missing object is an `S3ObjectMissingError`. The
 * readers take an optional version id: given, that version is read (S3
 * versioning), else the current one.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { S3DeleteError, S3ObjectMissingError } from './errors.ts';

export const JSON_CONTENT_TYPE = 'application/json';
export const JSON_LINES_CONTENT_TYPE = 'application/x-ndjson';

/** DeleteObjects takes at most this many keys a call. */
const DELETE_BATCH_SIZE = 1000;

type Body = NonNullable<GetObjectCommandOutput['Body']>;

async function getBody(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId?: string,
): Promise<Body> {
  const input = {
    Bucket: bucket,
    Key: key,
    ...(versionId && { VersionId: versionId }),
  };

  try {
    const out = await s3.send(new GetObjectCommand(input));
    if (!out.Body) throw new S3ObjectMissingError(bucket, key, { versionId });

    return out.Body;
  } catch (error) {
    if (isNoSuchKey(error))
      throw new S3ObjectMissingError(bucket, key, { cause: error, versionId });
    throw error;
  }
}

function isNoSuchKey(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;

  return name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchVersion';
}

export async function getBytes(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId?: string,
): Promise<Uint8Array> {
  const body = await getBody(s3, bucket, key, versionId);

  return body.transformToByteArray();
}

export async function getText(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId?: string,
): Promise<string> {
  const body = await getBody(s3, bucket, key, versionId);

  return body.transformToString('utf-8');
}

export async function getJson<T>(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<T> {
  const text = await getText(s3, bucket, key);

  try {
    return JSON.parse(text) as T;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`s3://${bucket}/${key} is not valid JSON: ${reason}`, {
      cause: error,
    });
  }
}

/**
 * Streams the object and yields its lines without the newline (a trailing
 * '\r' is dropped too). Empty lines are yielded; the empty piece after a
 * final newline is not a line.
 */
export async function* getLines(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId?: string,
): AsyncGenerator<string> {
  const body = await getBody(s3, bucket, key, versionId);
  const decoder = new TextDecoder('utf-8');
  let pending = '';

  for await (const chunk of chunksOf(body)) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) yield stripCarriageReturn(line);
  }
  pending += decoder.decode();
  if (pending !== '') yield stripCarriageReturn(pending);
}

/** Streams the object's bytes as the SDK delivers them. */
export async function* getChunks(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId?: string,
): AsyncGenerator<Uint8Array> {
  yield* chunksOf(await getBody(s3, bucket, key, versionId));
}

async function* chunksOf(body: Body): AsyncGenerator<Uint8Array> {
  if (Symbol.asyncIterator in body) {
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    }
    return;
  }
  yield await body.transformToByteArray();
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

export async function putBytes(
  s3: S3Client,
  bucket: string,
  key: string,
  bytes: Uint8Array,
  contentType: string,
): Promise<void> {
  await putBody(s3, bucket, key, bytes, contentType);
}

export async function putText(
  s3: S3Client,
  bucket: string,
  key: string,
  text: string,
  contentType: string,
): Promise<void> {
  await putBody(s3, bucket, key, text, contentType);
}

async function putBody(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string | Uint8Array,
  contentType: string,
): Promise<void> {
  // An empty body gets its length given: the SDK measures any other, but
  // leaves an empty one without a length and then warns of "a Stream of
  // unknown length" (aws-sdk-js-v3 #5722).
  const empty = body.length === 0;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ...(empty && { ContentLength: 0 }),
      ContentType: contentType,
    }),
  );
}

export async function putJson(
  s3: S3Client,
  bucket: string,
  key: string,
  value: unknown,
): Promise<void> {
  await putText(s3, bucket, key, JSON.stringify(value), JSON_CONTENT_TYPE);
}

/** Writes one JSON value a line, each line ending with '\n'. */
export async function putLines(
  s3: S3Client,
  bucket: string,
  key: string,
  values: Iterable<unknown>,
): Promise<void> {
  const parts: string[] = [];
  for (const value of values) parts.push(JSON.stringify(value) + '\n');
  const text = parts.join('');

  await putText(s3, bucket, key, text, JSON_LINES_CONTENT_TYPE);
}

/** Every key under the prefix, over all pages, sorted. */
export async function listKeys(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;

  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);

  return keys.sort();
}

/** Deletes every object under a non-empty prefix; an empty prefix is refused. */
export async function deletePrefix(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<void> {
  if (prefix === '') {
    throw new RangeError(`deletePrefix needs a non-empty prefix in bucket ${bucket}`);
  }

  const keys = await listKeys(s3, bucket, prefix);
  for (let start = 0; start < keys.length; start += DELETE_BATCH_SIZE) {
    await deleteKeys(s3, bucket, keys.slice(start, start + DELETE_BATCH_SIZE));
  }
}

async function deleteKeys(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  const out = await s3.send(
    new DeleteObjectsCommand({
      Bucket: bucket,
      Delete: { Objects: keys.map((key) => ({ Key: key })), Quiet: true },
    }),
  );

  const errors = out.Errors ?? [];
  if (errors.length > 0) {
    const failedKeys = errors.map((error) => error.Key ?? '?');
    throw new S3DeleteError(bucket, failedKeys, errors[0]?.Message ?? 'unknown reason');
  }
}
