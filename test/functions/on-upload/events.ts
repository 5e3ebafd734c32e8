/** Builders of the two event forms S3 delivers, with keys encoded as S3 does. */

/** Form-style encoding per path segment: space as '+', the rest percent-escaped. */
export function formEncodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replaceAll('%20', '+'))
    .join('/');
}

export interface EventOptions {
  bucket?: string;
  versionId?: string;
  etag?: string;
  time?: string;
}

export function eventBridgeEvent(key: string, options: EventOptions = {}) {
  const {
    bucket = 'uploads',
    versionId = 'v-123',
    etag,
    time = '2026-03-01T12:00:00Z',
  } = options;

  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '111122223333',
    time,
    region: 'eu-west-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: {
        key: formEncodeKey(key),
        size: 512,
        ...(etag === undefined ? {} : { etag }),
        ...(versionId === '' ? {} : { 'version-id': versionId }),
        sequencer: '617f08299329d189',
      },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '111122223333',
      'source-ip-address': '1.2.3.4',
      reason: 'PutObject',
    },
  };
}

export function s3NotificationEvent(key: string, options: EventOptions = {}) {
  const {
    bucket = 'uploads',
    versionId = 'v-123',
    etag,
    time = '2026-03-01T12:00:00.000Z',
  } = options;

  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-west-1',
        eventTime: time,
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: {
            key: formEncodeKey(key),
            size: 512,
            ...(etag === undefined ? {} : { eTag: etag }),
            ...(versionId === '' ? {} : { versionId }),
            sequencer: '0A1B2C3D4E5F678901',
          },
        },
      },
    ],
  };
}
