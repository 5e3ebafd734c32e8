import { setTimeout as sleep } from 'node:timers/promises';
import { getRun } from '../../shared/aws/runs.ts';
import { runIdFor } from '../../functions/on-upload/run-id.ts';
import { CliError } from '../errors.ts';
import { openStore, type StoreOptions } from '../store.ts';
import { uploadBundle } from '../upload-bundle.ts';
import { readBundleManifest } from './run.ts';
import { progressLogger } from '../progress.ts';
import { HeadObjectCommand } from '@aws-sdk/client-s3';

const POLL_INTERVAL_MS = 5_000;

/** Uploads a bundle to the deployed stack's bucket; `--wait` follows the run. */
export async function uploadCommand(
  dir: string,
  options: StoreOptions & { wait?: boolean; timeoutMinutes?: string },
): Promise<void> {
  if (!options.bucket)
    throw new CliError('--bucket is required (the stack output BucketName)');
  if (options.wait && !options.table && !process.env.AGGRESSORS_TABLE) {
    throw new CliError('--wait needs --table (the stack output TableName)');
  }
  const progress = progressLogger();
  const manifest = await readBundleManifest(dir);
  const store = await openStore(options);
  try {
    const { manifestKey, files } = await uploadBundle({
      s3: store.s3,
      bucket: store.bucket,
      dir,
      manifest,
      onFile: (key, bytes) =>
        progress.step(`uploaded s3://${store.bucket}/${key} (${bytes} B)`),
    });
    console.log(
      `uploaded ${files} files; the run starts when S3 reports ${manifestKey}`,
    );
    if (!options.wait) return;

    const head = await store.s3.send(
      new HeadObjectCommand({ Bucket: store.bucket, Key: manifestKey }),
    );
    const runId = runIdFor({
      bucket: store.bucket,
      key: manifestKey,
      versionId: head.VersionId,
      etag: head.ETag?.replaceAll('"', ''),
    });
    const deadline = Date.now() + Number(options.timeoutMinutes ?? 60) * 60_000;
    let last = '';
    while (Date.now() < deadline) {
      const run = await getRun(store.ddb, store.table, manifest.project, runId);
      const status = run?.status ?? 'not yet recorded';
      if (status !== last) progress.step(`run ${runId}: ${status}`);
      last = status;
      if (run?.status === 'succeeded') return;
      if (run?.status === 'failed') {
        throw new CliError(
          `run ${runId} failed: ${run.error?.message ?? 'no reason recorded'}`,
        );
      }
      await sleep(POLL_INTERVAL_MS);
    }
    throw new CliError(
      `run ${runId} did not finish in ${options.timeoutMinutes ?? 60} minutes`,
    );
  } finally {
    await store.close();
  }
}
