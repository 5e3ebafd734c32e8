import { describe, it, expect } from 'vitest';
import {
  decodeEventKey,
  readUploadEvent,
} from '../../../functions/on-upload/upload-event.ts';
import { UploadEventError } from '../../../functions/on-upload/errors.ts';
import { eventBridgeEvent, s3NotificationEvent } from './events.ts';

const AWKWARD_KEY = 'evaluations/spam filter+v2/ré%sumé=1 日本/manifest.json';

describe('Function: decodeEventKey', () => {
  it('reads a plus as a space and a percent-escaped plus as a plus', () => {
    expect(decodeEventKey('red+flower%2Bbee.jpg')).toBe('red flower+bee.jpg');
  });

  it('decodes percent-escaped UTF-8, percent and equals signs', () => {
    expect(decodeEventKey('r%C3%A9%25sum%C3%A9%3D1+%E6%97%A5%E6%9C%AC')).toBe(
      'ré%sumé=1 日本',
    );
  });

  it('rejects a malformed escape naming the field and the value', () => {
    expect(() => decodeEventKey('bad%E0%A4%A', 'detail.object.key')).toThrow(
      'upload event field detail.object.key: expected a URL-encoded S3 key, got "bad%E0%A4%A"',
    );
  });
});

describe('Function: readUploadEvent', () => {
  it('decodes an EventBridge key form-style, as Powertools S3EventBridgeNotificationObject.key does with unquote_plus', () => {
    const upload = readUploadEvent(eventBridgeEvent(AWKWARD_KEY));

    expect(upload).toEqual({
      bucket: 'uploads',
      key: AWKWARD_KEY,
      versionId: 'v-123',
      etag: undefined,
      eventTimeEpochMs: Date.parse('2026-03-01T12:00:00Z'),
    });
  });

  it('decodes a classic S3 notification key form-style, as the S3 notification docs describe', () => {
    const upload = readUploadEvent(
      s3NotificationEvent(AWKWARD_KEY, { versionId: 'abc', etag: 'e9' }),
    );

    expect(upload).toEqual({
      bucket: 'uploads',
      key: AWKWARD_KEY,
      versionId: 'abc',
      etag: 'e9',
      eventTimeEpochMs: Date.parse('2026-03-01T12:00:00.000Z'),
    });
  });

  it('reads the ETag of an event with no version id', () => {
    const bridge = eventBridgeEvent('a/b', { versionId: '', etag: 'e1' });
    const classic = s3NotificationEvent('a/b', { versionId: '', etag: 'e2' });

    expect(readUploadEvent(bridge)).toMatchObject({ versionId: undefined, etag: 'e1' });
    expect(readUploadEvent(classic)).toMatchObject({
      versionId: undefined,
      etag: 'e2',
    });
  });

  it('rejects an event with neither version id nor ETag naming the field', () => {
    const event = eventBridgeEvent('a/b', { versionId: '' });

    expect(() => readUploadEvent(event)).toThrow(
      'upload event field detail.object.etag: expected a version id or an ETag to name the run, got undefined',
    );
  });

  it('rejects an event of another detail type naming the field and the value', () => {
    const event = { ...eventBridgeEvent('a/b'), 'detail-type': 'Object Deleted' };

    const error = catchError(() => readUploadEvent(event));

    expect(error).toBeInstanceOf(UploadEventError);
    expect(error).toMatchObject({ field: 'detail-type', value: 'Object Deleted' });
  });

  it('rejects an unreadable event time naming the field and the value', () => {
    const event = s3NotificationEvent('a/b', { time: 'yesterday' });

    expect(() => readUploadEvent(event)).toThrow(
      'upload event field Records.0.eventTime: expected an ISO-8601 time, got "yesterday"',
    );
  });

  it('rejects a notification holding two records, which S3 never sends', () => {
    const one = s3NotificationEvent('a/b');
    const event = { Records: [...one.Records, ...one.Records] };

    expect(catchError(() => readUploadEvent(event))).toMatchObject({
      field: 'Records',
    });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
