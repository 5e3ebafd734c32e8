/**
 * What a receiver runs on a delivery: the signature must match the body and
 * timestamp under the shared secret, and the timestamp must be recent, so a
 * tampered or replayed delivery is rejected. Repeats of a genuine delivery
 * share `X-Aggressors-Delivery`: drop the ones already seen.
 */
import { timingSafeEqual } from 'node:crypto';
import { SIGNATURE_VERSION, WEBHOOK_HEADERS, hmacSha256Hex } from './signing.ts';

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  secret: string;
  headers: HeaderSource;
  /** The raw body as received, before any JSON parsing. */
  body: string;
  /** The receiver's clock. */
  now: Date;
  /** How far the timestamp may be from now, either way; 300 by default. */
  toleranceSeconds?: number;
}

export type WebhookVerdict =
  | { valid: true; deliveryId: string | undefined; timestampSeconds: number }
  | { valid: false; reason: string };

export const DEFAULT_TOLERANCE_SECONDS = 300;

export function verifyWebhook(options: VerifyWebhookOptions): WebhookVerdict {
  const { secret, headers, body, now } = options;
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const stamp = headerOf(headers, WEBHOOK_HEADERS.timestamp);
  const signatures = headerOf(headers, WEBHOOK_HEADERS.signature);
  if (stamp === undefined || !/^\d+$/.test(stamp)) {
    return invalid(
      `${WEBHOOK_HEADERS.timestamp} must be Unix seconds, got ${JSON.stringify(stamp ?? null)}`,
    );
  }
  if (signatures === undefined)
    return invalid(`${WEBHOOK_HEADERS.signature} is missing`);
  const timestampSeconds = Number(stamp);
  const skewSeconds = Math.abs(now.getTime() / 1000 - timestampSeconds);
  if (skewSeconds > tolerance) {
    return invalid(
      `timestamp ${timestampSeconds} is ${Math.round(skewSeconds)} s from now, more than ${tolerance} s`,
    );
  }

  const expected = Buffer.from(hmacSha256Hex(secret, `${stamp}.${body}`), 'hex');
  const matches = candidates(signatures).some((hex) => sameBytes(hex, expected));

  return matches
    ? {
        valid: true,
        deliveryId: headerOf(headers, WEBHOOK_HEADERS.delivery),
        timestampSeconds,
      }
    : invalid('no signature matches the body and timestamp under this secret');
}

/** The hex of each `v1=` entry; several may be sent, comma-separated. */
function candidates(header: string): string[] {
  return header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith(`${SIGNATURE_VERSION}=`))
    .map((entry) => entry.slice(SIGNATURE_VERSION.length + 1));
}

function sameBytes(hex: string, expected: Buffer): boolean {
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== expected.length * 2) return false;

  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}

/** A header by name, whatever its case; the first of repeated values. */
function headerOf(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === wanted);
  const value = entry?.[1];

  return Array.isArray(value) ? value[0] : value;
}

function invalid(reason: string): WebhookVerdict {
  return { valid: false, reason };
}
