import { describe, it, expect, beforeEach } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { sfnStarter } from '../../../functions/on-upload/sfn-starter.ts';
import type { RunInput } from '../../../shared/pipeline/types.ts';

const ARN = 'arn:aws:states:eu-west-1:111122223333:stateMachine:aggressors';
const INPUT: RunInput = {
  bucket: 'uploads',
  manifestKey: 'evaluations/spam/v2/manifest.json',
  runId: 'spam-v2-0123456789abcdef0123',
  uploadedAtEpochMs: 1_772_366_400_000,
};

const sfn = mockClient(SFNClient);

describe('Function: sfnStarter', () => {
  beforeEach(() => sfn.reset());

  it('starts an execution named after the run with the run input as JSON', async () => {
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: 'arn:x', startDate: new Date() });

    const outcome = await sfnStarter(new SFNClient({}), ARN).start(INPUT.runId, INPUT);

    expect(outcome).toBe('started');
    expect(
      sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input),
    ).toEqual([
      { stateMachineArn: ARN, name: INPUT.runId, input: JSON.stringify(INPUT) },
    ]);
  });

  it('returns duplicate when an execution of that name already exists', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    const outcome = await sfnStarter(new SFNClient({}), ARN).start(INPUT.runId, INPUT);

    expect(outcome).toBe('duplicate');
  });

  it('passes any other error on', async () => {
    sfn.on(StartExecutionCommand).rejects(new Error('AccessDenied'));

    await expect(
      sfnStarter(new SFNClient({}), ARN).start(INPUT.runId, INPUT),
    ).rejects.toThrow('AccessDenied');
  });
});
