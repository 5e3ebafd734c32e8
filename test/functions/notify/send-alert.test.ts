import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { sendAlert } from '../../../functions/notify/send-alert.ts';
import { alertFor } from '../../../shared/alerts/alert.ts';
import type { DeliveryPolicy } from '../../../shared/alerts/post-with-retry.ts';
import { DEFAULT_ALERT_OPTIONS } from '../../../shared/alerts/triggers.ts';
import { verifyWebhook } from '../../../shared/alerts/verify-webhook.ts';
import { testDeps, TEST_NOW_EPOCH_MS } from '../../shared/aws/test-deps.ts';
import { alertInput } from '../../shared/alerts/alert-fixtures.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const HOOK = 'https://ci.example.com/hooks/aggressors';
const SECRET = 'whsec-0123456789abcdef';
const ALERT = alertFor(alertInput(), DEFAULT_ALERT_OPTIONS)!;

function policy(fetch: typeof globalThis.fetch): DeliveryPolicy {
  return {
    maxAttempts: 3,
    baseDelayMs: 10,
    maxDelayMs: 10,
    maxRetryAfterMs: 1_000,
    attemptTimeoutMs: 1_000,
    budgetMs: 5_000,
    sleep: async () => undefined,
    random: () => 0,
    nowEpochMs: () => TEST_NOW_EPOCH_MS,
    fetch,
  };
}

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(PutCommand).resolves({});
  ddbMock.on(UpdateCommand).resolves({});
});

describe('Function: sendAlert', () => {
  it('posts the documented webhook body, signed so the receiver can verify it', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    const { deps } = testDeps({ webhookSigningSecret: SECRET }, { fetch });

    const result = await sendAlert(
      ALERT,
      { name: 'webhook', format: 'webhook', url: HOOK },
      'spam-v3-abc',
      deps,
      policy(fetch as unknown as typeof globalThis.fetch),
    );

    expect(result).toBe('sent');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    const body = init.body as string;
    expect(url).toBe(HOOK);
    expect(JSON.parse(body)).toEqual(ALERT.webhook);
    const verdict = verifyWebhook({
      secret: SECRET,
      headers: init.headers as Record<string, string>,
      body,
      now: new Date(TEST_NOW_EPOCH_MS + 1_000),
    });
    expect(verdict).toEqual({
      valid: true,
      deliveryId: ALERT.deliveryId,
      timestampSeconds: Math.floor(TEST_NOW_EPOCH_MS / 1000),
    });
  });

  it('records a 410 as failed after one attempt', async () => {
    const fetch = vi.fn(async () => new Response('gone', { status: 410 }));
    const { deps } = testDeps({}, { fetch });

    const result = await sendAlert(
      ALERT,
      { name: 'slack', format: 'slack', url: 'https://hooks.slack.com/services/T/B/x' },
      'spam-v3-abc',
      deps,
      policy(fetch as unknown as typeof globalThis.fetch),
    );

    expect(result).toBe('failed');
    expect(fetch).toHaveBeenCalledTimes(1);
    const values =
      ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues;
    expect(values).toMatchObject({
      ':state': 'failed',
      ':attempts': 1,
      ':httpStatus': 410,
      ':reason': 'HTTP 410: gone, not retried',
    });
  });
});
