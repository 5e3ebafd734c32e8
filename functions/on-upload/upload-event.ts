/**
 * Reads the uploaded object out of the two event forms S3 can deliver: the
 * EventBridge "Object Created" event and the classic notification `Records`.
 * Both carry the key URL-encoded in form style (space as '+', everything
 * else percent-escaped); see docs/deploying.md for the sources.
 */
import { z } from 'zod';
import { UploadEventError } from './errors.ts';

export interface UploadedObject {
  bucket: string;
  /** The object key as stored in S3, decoded. */
  key: string;
  versionId?: string;
  etag?: string;
  eventTimeEpochMs: number;
}

const nonEmpty = z.string().min(1);

const eventBridgeSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  time: nonEmpty,
  detail: z.object({
    bucket: z.object({ name: nonEmpty }),
    object: z.object({
      key: nonEmpty,
      'version-id': nonEmpty.optional(),
      etag: nonEmpty.optional(),
    }),
  }),
});

const recordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string().startsWith('ObjectCreated:'),
  eventTime: nonEmpty,
  s3: z.object({
    bucket: z.object({ name: nonEmpty }),
    object: z.object({
      key: nonEmpty,
      versionId: nonEmpty.optional(),
      eTag: nonEmpty.optional(),
    }),
  }),
});

const recordsSchema = z.object({ Records: z.tuple([recordSchema]) });

export function readUploadEvent(event: unknown): UploadedObject {
  if (isObject(event) && 'Records' in event) return fromRecords(event);

  const parsed = parse(eventBridgeSchema, event);
  const { bucket, object } = parsed.detail;
  const revisionField = object['version-id']
    ? 'detail.object.version-id'
    : 'detail.object.etag';

  return {
    bucket: bucket.name,
    key: decodeEventKey(object.key, 'detail.object.key'),
    ...revision(object['version-id'], object.etag, revisionField),
    eventTimeEpochMs: epochMs(parsed.time, 'time'),
  };
}

function fromRecords(event: object): UploadedObject {
  const [record] = parse(recordsSchema, event).Records;
  const { bucket, object } = record.s3;
  const revisionField = object.versionId
    ? 'Records.0.s3.object.versionId'
    : 'Records.0.s3.object.eTag';

  return {
    bucket: bucket.name,
    key: decodeEventKey(object.key, 'Records.0.s3.object.key'),
    ...revision(object.versionId, object.eTag, revisionField),
    eventTimeEpochMs: epochMs(record.eventTime, 'Records.0.eventTime'),
  };
}

/**
 * Undoes S3's form-style key encoding: '+' is a space, then percent-escapes
 * (UTF-8) are decoded, so a literal '+' arrives as '%2B' and survives.
 */
export function decodeEventKey(encoded: string, field = 'key'): string {
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '));
  } catch (error) {
    throw new UploadEventError(field, encoded, 'a URL-encoded S3 key', {
      cause: error,
    });
  }
}

function parse<T>(schema: z.ZodType<T>, event: unknown): T {
  const result = schema.safeParse(event);
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(event)';
  throw new UploadEventError(field, valueAt(event, issue.path), issue.message, {
    cause: result.error,
  });
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, part) =>
      isObject(value) ? (value as Record<PropertyKey, unknown>)[part] : undefined,
    root,
  );
}

/** The version id and ETag that name the run; at least one must be there. */
function revision(
  versionId: string | undefined,
  etag: string | undefined,
  field: string,
) {
  if (versionId === undefined && etag === undefined) {
    throw new UploadEventError(
      field,
      undefined,
      'a version id or an ETag to name the run',
    );
  }

  return { versionId, etag };
}

function epochMs(time: string, field: string): number {
  const parsed = Date.parse(time);
  if (Number.isNaN(parsed)) throw new UploadEventError(field, time, 'an ISO-8601 time');

  return parsed;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
