/**
 * The stored record of an alert's delivery to one destination, which makes
 * delivery at least once but never twice from a re-executed step: a post is
 * made only after a conditional write claims it. A claim is granted when no
 * record is there, when the last try failed, or when an earlier claim was
 * left `sending` longer than the lease (its Lambda died mid-post). After the
 * post the outcome is written on the record.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeliveryOutcome } from '../../shared/alerts/post-with-retry.ts';
import { tableKeys } from '../../shared/aws/keys.ts';

export type DeliveryDestination = 'slack' | 'webhook' | 'local';
export type DeliveryState = 'sending' | 'delivered' | 'failed';

export interface DeliveryClaim {
  runId: string;
  deliveryId: string;
  destination: DeliveryDestination;
}

/** A claim older than this is taken to be dead: longer than Notify's timeout. */
export const DELIVERY_LEASE_MS = 90_000;

const CLAIM_CONDITION =
  'attribute_not_exists(pk) OR #state = :failed OR ' +
  '(#state = :sending AND #claimedAtEpochMs < :staleBefore)';

/** 'claimed': post now; 'taken': delivered already, or being delivered. */
export async function claimDelivery(
  ddb: DynamoDBDocumentClient,
  table: string,
  claim: DeliveryClaim,
  nowEpochMs: number,
): Promise<'claimed' | 'taken'> {
  const key = tableKeys.alertDelivery(claim.runId, claim.deliveryId, claim.destination);

  try {
    await ddb.send(
      new PutCommand({
        TableName: table,
        Item: { ...key, ...claim, state: 'sending', claimedAtEpochMs: nowEpochMs },
        ConditionExpression: CLAIM_CONDITION,
        ExpressionAttributeNames: {
          '#state': 'state',
          '#claimedAtEpochMs': 'claimedAtEpochMs',
        },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':sending': 'sending',
          ':staleBefore': nowEpochMs - DELIVERY_LEASE_MS,
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'taken';
    throw error;
  }

  return 'claimed';
}

/** Writes how the post ended: delivered or failed, attempts, last status, reason. */
export async function recordDeliveryOutcome(
  ddb: DynamoDBDocumentClient,
  table: string,
  claim: DeliveryClaim,
  outcome: DeliveryOutcome,
  nowEpochMs: number,
): Promise<void> {
  const state: DeliveryState = outcome.delivered ? 'delivered' : 'failed';

  await ddb.send(
    new UpdateCommand({
      TableName: table,
      Key: tableKeys.alertDelivery(claim.runId, claim.deliveryId, claim.destination),
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
        ':state': state,
        ':attempts': outcome.attempts,
        ':httpStatus': outcome.httpStatus,
        ':reason': outcome.reason,
        ':finishedAtEpochMs': nowEpochMs,
      },
    }),
  );
}
