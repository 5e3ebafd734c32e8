import type { S3EventRecord } from './s3-server.ts';

/** The EventBridge "Object Created" event S3 sends, as the rule delivers it. */
export interface ObjectCreatedEvent {
  version: '0';
  id: string;
  'detail-type': 'Object Created';
  source: 'aws.s3';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    version: '0';
    bucket: { name: string };
    object: { key: string; size?: number; etag?: string; sequencer?: string };
    'request-id': string;
    requester: string;
    reason: 'PutObject';
  };
}

/**
 * The key as S3 writes it into an event: form-encoded per path segment, a
 * space as '+' (see docs/deploying.md for what is known of EventBridge).
 */
export function formEncodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replaceAll('%20', '+'))
    .join('/');
}

/**
 * Turns an s3rver notification record into the event EventBridge delivers
 * for the same upload. s3rver leaves the key as stored, so it is encoded here
 * as S3 encodes it.
 */
export function toEventBridgeEvent(
  record: S3EventRecord,
  id: string,
): ObjectCreatedEvent {
  const { bucket, object } = record.s3;

  return {
    version: '0',
    id,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: record.eventTime,
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket.name}`],
    detail: {
      version: '0',
      bucket: { name: bucket.name },
      object: {
        key: formEncodeKey(object.key),
        size: object.size,
        etag: object.eTag,
        sequencer: object.sequencer,
      },
      'request-id': id,
      requester: '000000000000',
      reason: 'PutObject',
    },
  };
}
