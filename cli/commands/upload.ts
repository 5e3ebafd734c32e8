import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { getRun } from '../../shared/aws/runs.ts';
import { validateBundleDir } from '../../shared/bundle/validate.ts';
import { resolveBundleDir } from '../bundle-dir.ts';
import { checkBaseline } from '../baseline-check.ts';
import { CliError } from '../errors.ts';
import { parseNumberOption } from '../number-option.ts';
import { progressLogger, type Progress } from '../progress.ts';
import { openStore, type Store, type StoreOptions } from '../store.ts';
import { uploadBundle } from '../upload-bundle.ts';
import { runIdOfManifest } from './run.ts';

const POLL_INTERVAL_MS = 5_000;

export interface UploadOptions extends StoreOptions {
  wait?: boolean;
  timeoutMinutes?: string;
}

/**
 * Uploads a bundle to the deployed stack's bucket; `--wait` follows the run.
 * The whole bundle is checked first, as `validate` does: an invalid one
 * uploads nothing.
 */
export async function uploadCommand(
  dir: string,
  options: UploadOptions,
): Promise<void> {
  if (!options.bucket) {
    throw new CliError('--bucket is required (the stack output BucketName)');
  }
  if (options.wait && !options.table && !process.env.AGGRESSORS_TABLE) {
    throw new CliError('--wait needs --table (the stack output TableName)');
  }
  const timeoutMinutes = parseNumberOption(
    '--timeout-minutes',
    options.timeoutMinutes ?? '60',
    { above: 0 },
  );
  const progress = progressLogger();
  const bundleDir = await resolveBundleDir(dir);
  const { manifest } = await validateBundleDir(bundleDir);
  const store = await openStore(options);
  try {
    // Without a table the runs cannot be read: RunTests checks it then.
    if (store.table !== '') {
      await checkBaseline(store, manifest, join(bundleDir, 'manifest.json'), (m) =>
        progress.step(`warning: ${m}`),
      );
    }
    const { manifestKey, files } = await uploadBundle({
      s3: store.s3,
      bucket: store.bucket,
      dir: bundleDir,
      manifest,
      onFile: (key, bytes) =>
        progress.step(`uploaded s3://${store.bucket}/${key} (${bytes} B)`),
    });
    console.log(
      `uploaded ${files} files; the run starts when S3 reports ${manifestKey}`,
    );
    if (!options.wait) return;

    const runId = await runIdOfManifest(store.s3, store.bucket, manifestKey);
    await waitForRun(store, manifest.project, runId, timeoutMinutes, progress);
  } finally {
    await store.close();
  }
}

/** Polls the run record until the run ends; a failed run is an error. */
async function waitForRun(
  store: Store,
  project: string,
  runId: string,
  timeoutMinutes: number,
  progress: Progress,
): Promise<void> {
  const deadline = Date.now() + timeoutMinutes * 60_000;
  let last = '';
  while (Date.now() < deadline) {
    const run = await getRun(store.ddb, store.table, project, runId);
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

  throw new CliError(`run ${runId} did not finish in ${timeoutMinutes} minutes`);
}
