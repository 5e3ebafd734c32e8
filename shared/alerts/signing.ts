/**
 * Signing a generic webhook delivery: HMAC-SHA256 with the shared secret
 * over `${timestamp}.${body}`, the timestamp in Unix seconds. The headers
 * are documented in docs/notifications.md.
 */
import { createHmac } from 'node:crypto';

export const WEBHOOK_HEADERS = {
  signature: 'X-Aggressors-Signature',
  timestamp: 'X-Aggressors-Timestamp',
  delivery: 'X-Aggressors-Delivery',
} as const;

/** The scheme's version prefix: `X-Aggressors-Signature: v1=<hex>`. */
export const SIGNATURE_VERSION = 'v1';

/** HMAC-SHA256 of the message under the key, as lowercase hex. */
export function hmacSha256Hex(
  key: string | Uint8Array,
  message: string | Uint8Array,
): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

/** `v1=<hex>`: the signature of a body sent at `timestampSeconds`. */
export function webhookSignature(
  secret: string,
  timestampSeconds: number,
  body: string,
): string {
  return `${SIGNATURE_VERSION}=${hmacSha256Hex(secret, `${timestampSeconds}.${body}`)}`;
}

/**
 * The headers of one attempt: the delivery id always; timestamp and
 * signature when a signing secret is set.
 */
export function webhookHeaders(options: {
  deliveryId: string;
  body: string;
  nowEpochMs: number;
  secret?: string;
}): Record<string, string> {
  const timestampSeconds = Math.floor(options.nowEpochMs / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [WEBHOOK_HEADERS.delivery]: options.deliveryId,
    [WEBHOOK_HEADERS.timestamp]: String(timestampSeconds),
  };
  if (options.secret) {
    headers[WEBHOOK_HEADERS.signature] = webhookSignature(
      options.secret,
      timestampSeconds,
      options.body,
    );
  }

  return headers;
}
