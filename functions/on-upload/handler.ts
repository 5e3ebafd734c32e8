/** Lambda entry of on-upload: clients and settings made once per container. */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { powertoolsLogger } from '../../shared/aws/powertools-logger.ts';
import { readOnUploadConfig } from './config.ts';
import { onUpload } from './on-upload.ts';
import type { OnUploadDeps, OnUploadResult } from './on-upload.ts';
import { sfnStarter } from './sfn-starter.ts';

const config = readOnUploadConfig(process.env);

const deps: OnUploadDeps = {
  ddb: DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
  table: config.table,
  starter: sfnStarter(new SFNClient({}), config.stateMachineArn),
  logger: powertoolsLogger(new Logger()),
  nowEpochMs: Date.now,
};

export const handler = (event: unknown): Promise<OnUploadResult> =>
  onUpload(event, deps);
