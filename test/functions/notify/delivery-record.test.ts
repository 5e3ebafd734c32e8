import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DELIVERY_LEASE_MS,
  claimDelivery,
  recordDeliveryOutcome,
} from '../../../functions/notify/delivery-record.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const CLAIM = {
  runId: 'spam-v3-abc',
  deliveryId: 'd0d0',
  destination: 'slack' as const,
};
const NOW_EPOCH_MS = 1_765_000_000_000;
const KEY = { pk: 'RUN#spam-v3-abc', sk: 'DELIVERY#d0d0#slack' };

beforeEach(() => {
  ddbMock.reset();
});

describe('Function: claimDelivery', () => {
  it('claims with a write that succeeds only when no live claim or delivery is there', async () => {
    ddbMock.on(PutCommand).resolves({});

    const claimed = await claimDelivery(ddb, 'table', CLAIM, NOW_EPOCH_MS);

    expect(claimed).toBe('claimed');
    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'table',
      Item: {
        ...KEY,
        ...CLAIM,
        state: 'sending',
        claimedAtEpochMs: NOW_EPOCH_MS,
      },
      ConditionExpression:
        'attribute_not_exists(pk) OR #state = :failed OR ' +
        '(#state = :sending AND #claimedAtEpochMs < :staleBefore)',
      ExpressionAttributeNames: {
        '#state': 'state',
        '#claimedAtEpochMs': 'claimedAtEpochMs',
      },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':sending': 'sending',
        ':staleBefore': NOW_EPOCH_MS - DELIVERY_LEASE_MS,
      },
    });
  });

  it('answers taken when the condition fails', async () => {
    ddbMock
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));

    expect(await claimDelivery(ddb, 'table', CLAIM, NOW_EPOCH_MS)).toBe('taken');
  });

  it('lets any other failure through', async () => {
    ddbMock.on(PutCommand).rejects(new Error('ProvisionedThroughputExceeded'));

    await expect(claimDelivery(ddb, 'table', CLAIM, NOW_EPOCH_MS)).rejects.toThrow(
      'ProvisionedThroughputExceeded',
    );
  });
});

describe('Function: recordDeliveryOutcome', () => {
  it('writes a failed delivery with its attempts, last status and reason', async () => {
    ddbMock.on(UpdateCommand).resolves({});
    const outcome = {
      delivered: false,
      attempts: 1,
      httpStatus: 410,
      reason: 'HTTP 410: gone, not retried',
    };

    await recordDeliveryOutcome(ddb, 'table', CLAIM, outcome, NOW_EPOCH_MS + 5);

    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'table',
      Key: KEY,
      UpdateExpression:
        'SET #state = :state, #attempts = :attempts, #httpStatus = :httpStatus, ' +
        '#reason = :reason, #finishedAtEpochMs = :finishedAtEpochMs',
      ExpressionAttributeNames: {
        '#state': 'state',
        '#attempts': 'attempts',
        '#httpStatus': 'httpStatus',
        '#reason': 'reason',
        '#finishedAtEpochMs': 'finishedAtEpochMs',
      },
      ExpressionAttributeValues: {
        ':state': 'failed',
        ':attempts': 1,
        ':httpStatus': 410,
        ':reason': 'HTTP 410: gone, not retried',
        ':finishedAtEpochMs': NOW_EPOCH_MS + 5,
      },
    });
  });
});
