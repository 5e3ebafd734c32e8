import { describe, expect, it } from 'vitest';
import {
  hmacSha256Hex,
  webhookHeaders,
  webhookSignature,
} from '../../../shared/alerts/signing.ts';

const bytes = (value: number, count: number) => new Uint8Array(count).fill(value);
const text = (value: string) => new TextEncoder().encode(value);

/** RFC 4231, section 4: HMAC-SHA-256 of test cases 1-4, 6 and 7 (5 truncates). */
const RFC_4231_VECTORS = [
  {
    case: 1,
    key: bytes(0x0b, 20),
    data: text('Hi There'),
    hmac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  },
  {
    case: 2,
    key: text('Jefe'),
    data: text('what do ya want for nothing?'),
    hmac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  },
  {
    case: 3,
    key: bytes(0xaa, 20),
    data: bytes(0xdd, 50),
    hmac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  },
  {
    case: 4,
    key: Uint8Array.from({ length: 25 }, (_, i) => i + 1),
    data: bytes(0xcd, 50),
    hmac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  },
  {
    case: 6,
    key: bytes(0xaa, 131),
    data: text('Test Using Larger Than Block-Size Key - Hash Key First'),
    hmac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    case: 7,
    key: bytes(0xaa, 131),
    data: text(
      'This is a test using a larger than block-size key and a larger than ' +
        'block-size data. The key needs to be hashed before being used by the ' +
        'HMAC algorithm.',
    ),
    hmac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

describe('Function: hmacSha256Hex', () => {
  it.each(RFC_4231_VECTORS)(
    'returns the published HMAC-SHA-256 of RFC 4231 test case $case',
    ({ key, data, hmac }) => {
      expect(hmacSha256Hex(key, data)).toBe(hmac);
    },
  );
});

describe('Function: webhookSignature', () => {
  it('signs "<timestamp>.<body>" and prefixes the scheme version', () => {
    const signature = webhookSignature('Jefe', 1_765_000_000, '{"a":1}');

    expect(signature).toBe(`v1=${hmacSha256Hex('Jefe', '1765000000.{"a":1}')}`);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
  });
});

describe('Function: webhookHeaders', () => {
  it('carries the delivery id, the timestamp in seconds and the signature', () => {
    const headers = webhookHeaders({
      deliveryId: 'd-1',
      body: '{}',
      nowEpochMs: 1_765_000_000_999,
      secret: 's3cret',
    });

    expect(headers).toEqual({
      'content-type': 'application/json',
      'X-Aggressors-Delivery': 'd-1',
      'X-Aggressors-Timestamp': '1765000000',
      'X-Aggressors-Signature': webhookSignature('s3cret', 1_765_000_000, '{}'),
    });
  });

  it('sends no signature header when no secret is set', () => {
    const headers = webhookHeaders({ deliveryId: 'd-1', body: '{}', nowEpochMs: 0 });

    expect(Object.keys(headers)).toEqual([
      'content-type',
      'X-Aggressors-Delivery',
      'X-Aggressors-Timestamp',
    ]);
  });
});
