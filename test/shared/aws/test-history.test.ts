import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { listTestHistory } from '../../../shared/aws/test-history.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));

beforeEach(() => ddbMock.reset());

describe('Function: listTestHistory', () => {
  it('reads every page of the test partition and drops the keys', async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ pk: 'p', sk: 's1', runId: 'r1' }],
        LastEvaluatedKey: { pk: 'p', sk: 's1' },
      })
      .resolvesOnce({ Items: [{ pk: 'p', sk: 's2', runId: 'r2' }] });

    const history = await listTestHistory(ddb, 't', 'spam assassin', 'hard#ham');

    expect(history).toEqual([{ runId: 'r1' }, { runId: 'r2' }]);
    expect(ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 't',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
        ExpressionAttributeValues: {
          ':pk': 'TEST#spam%20assassin#hard%23ham',
          ':skPrefix': 'RESULT#',
        },
        ExclusiveStartKey: undefined,
      },
      {
        TableName: 't',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
        ExpressionAttributeValues: {
          ':pk': 'TEST#spam%20assassin#hard%23ham',
          ':skPrefix': 'RESULT#',
        },
        ExclusiveStartKey: { pk: 'p', sk: 's1' },
      },
    ]);
  });
});
