import { describe, it, expect, beforeEach } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PutCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { onUpload } from '../../../functions/on-upload/on-upload.ts';
import type { OnUploadDeps } from '../../../functions/on-upload/on-upload.ts';
import { runIdFor } from '../../../functions/on-upload/run-id.ts';
import { sfnStarter } from '../../../functions/on-upload/sfn-starter.ts';
import { silentLogger } from '../../../shared/logger.ts';
import type { RunInput } from '../../../shared/pipeline/types.ts';
import { eventBridgeEvent, s3NotificationEvent } from './events.ts';

const TABLE = 'aggressors-table';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:111122223333:stateMachine:aggressors';
const UPLOADED_AT = Date.parse('2026-03-01T12:00:00Z');

const ddbMock = mockClient(DynamoDBDocumentClient);
const sfnMock = mockClient(SFNClient);

function deps(): OnUploadDeps {
  return {
    ddb: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    table: TABLE,
    starter: sfnStarter(new SFNClient({}), STATE_MACHINE),
    logger: silentLogger,
    nowEpochMs: () => UPLOADED_AT + 1_500,
  };
}

const putInputs = () =>
  ddbMock.commandCalls(PutCommand).map((call) => call.args[0].input as PutCommandInput);
const startInputs = () =>
  sfnMock
    .commandCalls(StartExecutionCommand)
    .map((call) => call.args[0].input as StartExecutionCommandInput);

const FORMS = [
  { form: 'EventBridge', build: eventBridgeEvent },
  { form: 'classic S3 notification', build: s3NotificationEvent },
] as const;

const NAMES = [
  { project: 'spam filter', modelVersion: 'v2 final' },
  { project: 'c++ models', modelVersion: 'v1+hotfix' },
  { project: 'growth 100%', modelVersion: 'lr=0.1' },
  { project: 'détecteur', modelVersion: '版本-2' },
];

describe('Function: onUpload', () => {
  beforeEach(() => {
    ddbMock.reset();
    sfnMock.reset();
    ddbMock.on(PutCommand).resolves({});
    sfnMock
      .on(StartExecutionCommand)
      .resolves({ executionArn: 'arn:x', startDate: new Date() });
  });

  for (const { form, build } of FORMS) {
    for (const { project, modelVersion } of NAMES) {
      it(`records and starts "${project}" / "${modelVersion}" from a ${form} event`, async () => {
        const key = `evaluations/${project}/${modelVersion}/manifest.json`;
        const runId = runIdFor({ bucket: 'uploads', key, versionId: 'v-123' });

        const result = await onUpload(build(key), deps());

        expect(result).toEqual({ runId, outcome: 'started' });
        expect(putInputs()).toEqual([
          {
            TableName: TABLE,
            Item: {
              pk: `PROJECT#${encodeURIComponent(project)}`,
              sk: `RUN#${runId}`,
              project,
              modelVersion,
              runId,
              status: 'queued',
              uploadedAtEpochMs: UPLOADED_AT,
              manifestKey: key,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        ]);
        expect(startInputs()).toEqual([
          {
            stateMachineArn: STATE_MACHINE,
            name: runId,
            input: JSON.stringify({
              bucket: 'uploads',
              manifestKey: key,
              runId,
              uploadedAtEpochMs: UPLOADED_AT,
              manifestVersionId: 'v-123',
            }),
          },
        ]);
      });
    }

    it(`starts the run without a manifest version id when a ${form} event has only an ETag`, async () => {
      const key = 'evaluations/spam/v2/manifest.json';
      const event = build(key, { versionId: '', etag: '0123abcd' });
      const runId = runIdFor({ bucket: 'uploads', key, etag: '0123abcd' });

      const result = await onUpload(event, deps());

      expect(result).toEqual({ runId, outcome: 'started' });
      expect(startInputs()).toEqual([
        {
          stateMachineArn: STATE_MACHINE,
          name: runId,
          input: JSON.stringify({
            bucket: 'uploads',
            manifestKey: key,
            runId,
            uploadedAtEpochMs: UPLOADED_AT,
          }),
        },
      ]);
    });
  }

  it("passes each event form's own version id field on as manifestVersionId", async () => {
    const key = 'evaluations/spam/v2/manifest.json';

    await onUpload(eventBridgeEvent(key, { versionId: 'bridge-version' }), deps());
    await onUpload(s3NotificationEvent(key, { versionId: 'classic-version' }), deps());

    const versions = startInputs().map(
      (input) => (JSON.parse(input.input!) as RunInput).manifestVersionId,
    );
    expect(versions).toEqual(['bridge-version', 'classic-version']);
  });

  it('gives the same upload the same run id from either event form', async () => {
    const key = 'evaluations/spam filter/v2+1/manifest.json';

    const viaBridge = await onUpload(eventBridgeEvent(key), deps());
    const viaClassic = await onUpload(s3NotificationEvent(key), deps());

    expect(viaClassic.runId).toBe(viaBridge.runId);
  });

  it('starts one run when the same event is delivered twice', async () => {
    const items = new Set<string>();
    const executions = new Set<string>();
    ddbMock.on(PutCommand).callsFake((input: PutCommandInput) => {
      const id = `${input.Item?.pk}|${input.Item?.sk}`;
      if (items.has(id)) {
        throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
      }
      items.add(id);
      return {};
    });
    sfnMock.on(StartExecutionCommand).callsFake((input: StartExecutionCommandInput) => {
      if (executions.has(input.name!)) {
        throw new ExecutionAlreadyExists({ message: 'exists', $metadata: {} });
      }
      executions.add(input.name!);
      return { executionArn: `arn:${input.name}`, startDate: new Date() };
    });
    const event = eventBridgeEvent('evaluations/spam/v2/manifest.json');

    const first = await onUpload(event, deps());
    const second = await onUpload(structuredClone(event), deps());

    expect([first.outcome, second.outcome]).toEqual(['started', 'duplicate']);
    expect(second.runId).toBe(first.runId);
    expect([...executions]).toEqual([first.runId]);
    expect(items.size).toBe(1);
  });

  it('still starts the execution when the run record is already there', async () => {
    ddbMock
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }),
      );

    const result = await onUpload(
      eventBridgeEvent('evaluations/spam/v2/manifest.json'),
      deps(),
    );

    expect(result.outcome).toBe('started');
    expect(startInputs()).toHaveLength(1);
  });

  it('starts nothing when the run record cannot be written', async () => {
    ddbMock.on(PutCommand).rejects(new Error('ProvisionedThroughputExceeded'));

    await expect(
      onUpload(eventBridgeEvent('evaluations/spam/v2/manifest.json'), deps()),
    ).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(startInputs()).toEqual([]);
  });

  for (const key of [
    'evaluations/spam/v2/samples.jsonl',
    'evaluations/spam/manifest.json',
    'evaluations/spam/v2/extra/manifest.json',
    'evaluations//v2/manifest.json',
    'results/spam/v2/manifest.json',
  ]) {
    it(`ignores ${key} without writing or starting anything`, async () => {
      const result = await onUpload(s3NotificationEvent(key), deps());

      expect(result).toEqual({ runId: '', outcome: 'ignored' });
      expect(putInputs()).toEqual([]);
      expect(startInputs()).toEqual([]);
    });
  }
});
