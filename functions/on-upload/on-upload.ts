/**
 * The trigger: a manifest arrived, so record the run as queued and start the
 * execution named after it. Both steps are idempotent, so a redelivered
 * event, or one retried after a crash between the two, starts one run.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createRun } from '../../shared/aws/runs.ts';
import type { Logger } from '../../shared/logger.ts';
import type { RunInput } from '../../shared/pipeline/types.ts';
import { parseManifestKey } from '../../shared/aws/manifest-key.ts';
import { runIdFor } from './run-id.ts';
import { readUploadEvent } from './upload-event.ts';

export interface ExecutionStarter {
  start(name: string, input: RunInput): Promise<'started' | 'duplicate'>;
}

export interface OnUploadDeps {
  ddb: DynamoDBDocumentClient;
  table: string;
  starter: ExecutionStarter;
  logger: Logger;
  nowEpochMs: () => number;
}

export interface OnUploadResult {
  /** Empty when the object is not a manifest. */
  runId: string;
  outcome: 'started' | 'duplicate' | 'ignored';
}

export async function onUpload(
  event: unknown,
  deps: OnUploadDeps,
): Promise<OnUploadResult> {
  const upload = readUploadEvent(event);
  const location = parseManifestKey(upload.key);
  if (!location) {
    deps.logger.info('object ignored', { bucket: upload.bucket, key: upload.key });
    return { runId: '', outcome: 'ignored' };
  }

  const runId = runIdFor(upload);
  const record = await createRun(deps.ddb, deps.table, {
    ...location,
    runId,
    status: 'queued',
    uploadedAtEpochMs: upload.eventTimeEpochMs,
    manifestKey: upload.key,
  });
  const input: RunInput = {
    bucket: upload.bucket,
    manifestKey: upload.key,
    runId,
    uploadedAtEpochMs: upload.eventTimeEpochMs,
  };
  if (upload.versionId !== undefined) input.manifestVersionId = upload.versionId;
  const outcome = await deps.starter.start(runId, input);
  deps.logger.info('run triggered', {
    ...location,
    runId,
    record,
    outcome,
    delayMs: deps.nowEpochMs() - upload.eventTimeEpochMs,
  });

  return { runId, outcome };
}
