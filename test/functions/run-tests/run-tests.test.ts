import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  NO_SAVED_TESTS_NOTE,
  runTests,
} from '../../../functions/run-tests/run-tests.ts';
import { testDeps } from '../../shared/aws/test-deps.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(UpdateCommand).resolves({});
});

describe('Function: runTests', () => {
  it('records on the run that no saved tests exist yet and evaluates none', async () => {
    const { deps } = testDeps();
    const state = {
      bucket: 'test-bucket',
      manifestKey: 'evaluations/spam/v2/manifest.json',
      runId: 'spam-v2-abc',
      uploadedAtEpochMs: 1_000,
    };

    const out = await runTests(state, deps);

    expect(out).toEqual({ evaluated: 0, note: NO_SAVED_TESTS_NOTE });
    expect(NO_SAVED_TESTS_NOTE).toBe(
      'no saved aggressor tests yet: tracking arrives with saved tests (issue 5)',
    );
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'test-table',
      Key: { pk: 'PROJECT#spam', sk: 'RUN#spam-v2-abc' },
      UpdateExpression: 'SET #testsNote = :testsNote',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#testsNote': 'testsNote' },
      ExpressionAttributeValues: { ':testsNote': NO_SAVED_TESTS_NOTE },
    });
  });
});
