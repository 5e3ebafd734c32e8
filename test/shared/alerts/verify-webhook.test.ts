import { describe, expect, it } from 'vitest';
import { webhookHeaders } from '../../../shared/alerts/signing.ts';
import { verifyWebhook } from '../../../shared/alerts/verify-webhook.ts';

const SECRET = 'whsec-test-0123456789';
const SENT_AT_EPOCH_MS = 1_765_000_000_000;
const BODY = JSON.stringify({ schemaVersion: 1, deliveryId: 'd-42', text: 'hi' });

function signed(overrides: { body?: string; secret?: string; sentAt?: number } = {}) {
  return webhookHeaders({
    deliveryId: 'd-42',
    body: overrides.body ?? BODY,
    nowEpochMs: overrides.sentAt ?? SENT_AT_EPOCH_MS,
    secret: overrides.secret ?? SECRET,
  });
}

const receivedAt = (secondsLater: number) =>
  new Date(SENT_AT_EPOCH_MS + secondsLater * 1000);

describe('Function: verifyWebhook', () => {
  it('accepts a genuine delivery and returns its delivery id', () => {
    const verdict = verifyWebhook({
      secret: SECRET,
      headers: signed(),
      body: BODY,
      now: receivedAt(2),
    });

    expect(verdict).toEqual({
      valid: true,
      deliveryId: 'd-42',
      timestampSeconds: SENT_AT_EPOCH_MS / 1000,
    });
  });

  it('reads the headers whatever their case, from a Fetch Headers object too', () => {
    const lower = Object.fromEntries(
      Object.entries(signed()).map(([name, value]) => [name.toLowerCase(), value]),
    );

    const plain = verifyWebhook({
      secret: SECRET,
      headers: lower,
      body: BODY,
      now: receivedAt(0),
    });
    const fetchHeaders = verifyWebhook({
      secret: SECRET,
      headers: new Headers(signed()),
      body: BODY,
      now: receivedAt(0),
    });

    expect([plain.valid, fetchHeaders.valid]).toEqual([true, true]);
  });

  it('rejects a tampered body', () => {
    const tampered = BODY.replace('"hi"', '"hI"');

    const verdict = verifyWebhook({
      secret: SECRET,
      headers: signed(),
      body: tampered,
      now: receivedAt(1),
    });

    expect(verdict).toEqual({
      valid: false,
      reason: 'no signature matches the body and timestamp under this secret',
    });
  });

  it('rejects a delivery signed with another secret', () => {
    const verdict = verifyWebhook({
      secret: SECRET,
      headers: signed({ secret: 'not-the-secret' }),
      body: BODY,
      now: receivedAt(1),
    });

    expect(verdict.valid).toBe(false);
  });

  it('rejects a timestamp moved forward to pass as fresh', () => {
    const headers = {
      ...signed(),
      'X-Aggressors-Timestamp': String(SENT_AT_EPOCH_MS / 1000 + 600),
    };

    const verdict = verifyWebhook({
      secret: SECRET,
      headers,
      body: BODY,
      now: receivedAt(600),
    });

    expect(verdict.valid).toBe(false);
  });

  it('rejects a stale delivery past the tolerance, naming how old it is', () => {
    const verdict = verifyWebhook({
      secret: SECRET,
      headers: signed(),
      body: BODY,
      now: receivedAt(301),
    });

    expect(verdict).toEqual({
      valid: false,
      reason: 'timestamp 1765000000 is 301 s from now, more than 300 s',
    });
  });

  it('accepts a delivery exactly at the tolerance given, and one from the future within it', () => {
    const base = {
      secret: SECRET,
      headers: signed(),
      body: BODY,
      toleranceSeconds: 60,
    };

    expect(verifyWebhook({ ...base, now: receivedAt(60) }).valid).toBe(true);
    expect(verifyWebhook({ ...base, now: receivedAt(-60) }).valid).toBe(true);
    expect(verifyWebhook({ ...base, now: receivedAt(61) }).valid).toBe(false);
  });

  it('accepts any one of several v1 signatures (a secret being rotated)', () => {
    const genuine = signed()['X-Aggressors-Signature'];
    const headers = {
      ...signed(),
      'X-Aggressors-Signature': `v1=${'0'.repeat(64)}, ${genuine}`,
    };

    const verdict = verifyWebhook({
      secret: SECRET,
      headers,
      body: BODY,
      now: receivedAt(0),
    });

    expect(verdict.valid).toBe(true);
  });

  it('rejects a delivery without signature or with an unreadable timestamp', () => {
    const { 'X-Aggressors-Signature': _dropped, ...unsigned } = signed();
    const badStamp = { ...signed(), 'X-Aggressors-Timestamp': '2025-12-06T00:00:00Z' };

    const missing = verifyWebhook({
      secret: SECRET,
      headers: unsigned,
      body: BODY,
      now: receivedAt(0),
    });
    const unreadable = verifyWebhook({
      secret: SECRET,
      headers: badStamp,
      body: BODY,
      now: receivedAt(0),
    });

    expect(missing).toEqual({
      valid: false,
      reason: 'X-Aggressors-Signature is missing',
    });
    expect(unreadable).toEqual({
      valid: false,
      reason: 'X-Aggressors-Timestamp must be Unix seconds, got "2025-12-06T00:00:00Z"',
    });
  });
});
