import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { runIdFor } from '../../functions/on-upload/run-id.ts';
import { S3ObjectMissingError } from '../../shared/aws/errors.ts';
import { MANIFEST_FILE, s3Keys } from '../../shared/aws/keys.ts';
import { getRun, type RunRecord } from '../../shared/aws/runs.ts';
import { getBytes } from '../../shared/aws/s3-io.ts';
import { parseManifest } from '../../shared/bundle/manifest.ts';
import type { Manifest } from '../../shared/bundle/types.ts';
import { validateBundleDir } from '../../shared/bundle/validate.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import type { LocalStorage } from '../../infra/local/storage.ts';
import { loadLocalEndpoints } from '../local-endpoints.ts';
import { resolveBundleDir } from '../bundle-dir.ts';
import { loadRunView, runViewOf, type RunView } from '../run-view.ts';
import { localAlertSettings, stateDir, type Store } from '../store.ts';
import { changedBundleFiles, uploadBundle } from '../upload-bundle.ts';
import { checkBaseline } from '../baseline-check.ts';
import { CliError } from '../errors.ts';
import { describeRun } from './show.ts';
import { progressLogger, type Progress } from '../progress.ts';
import {
  failAbandonedRuns,
  failRunOnSignal,
  FRESH_RUN_HINT,
} from './run-interrupted.ts';

/** Reads and checks a bundle's manifest. */
export async function readBundleManifest(dir: string) {
  const file = join(dir, MANIFEST_FILE);

  return parseManifest(await readFile(file, 'utf8'), file);
}

export function storeOfStack(stack: LocalStack): Store {
  return {
    where: 'local',
    location: 'the local stack',
    ...stack.storage,
    close: async () => undefined,
  };
}

/** The run id on-upload derives for the manifest object stored at `key`. */
export async function runIdOfManifest(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<string> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

  return runIdFor({
    bucket,
    key,
    versionId: head.VersionId,
    etag: head.ETag?.replaceAll('"', ''),
  });
}

/** Uploads a bundle into a running local stack and waits for its run. */
export async function runInStack(
  stack: LocalStack,
  dir: string,
  progress: Progress,
): Promise<RunView> {
  const manifest = await readBundleManifest(dir);
  const { s3, bucket } = stack.storage;
  const executionsBefore = stack.machine.executions.size;
  progress.step(`uploading ${dir} as ${manifest.project} ${manifest.modelVersion}`);
  const { manifestKey } = await uploadBundle({ s3, bucket, dir, manifest });
  await stack.settle();
  const store = storeOfStack(stack);
  const latest = await loadRunView(store, manifest.project, manifest.modelVersion);
  if (stack.machine.executions.size > executionsBefore) return latest;

  // The same manifest bytes came back after another upload: its run, not the latest.
  const runId = await runIdOfManifest(s3, bucket, manifestKey);
  progress.step(`no new run started: ${alreadyRunNote(runId, latest)}`);
  const own = await getRun(
    stack.storage.ddb,
    stack.storage.table,
    manifest.project,
    runId,
  );

  return own === undefined || own.runId === latest.runId
    ? latest
    : runViewOf(store, own);
}

/**
 * `aggressors run`: checks the whole bundle as `validate` does, then uploads
 * it into the local stack and waits for its run. An invalid bundle uploads
 * nothing, and neither does a manifest.json that already ran.
 */
export async function runCommand(
  dir: string,
  options: { verbose?: boolean },
): Promise<void> {
  const progress = progressLogger(options.verbose);
  const bundleDir = await resolveBundleDir(dir);
  const { manifest } = await validateBundleDir(bundleDir);
  progress.step(`local state in ${stateDir()} (AGGRESSORS_HOME)`);
  const stack = await startLocalStack({
    stateDir: stateDir(),
    endpoints: await loadLocalEndpoints(stateDir()),
    ...localAlertSettings(),
    logger: progress.logger,
    onStateEntered: (_, state) => progress.step(`state ${state}`),
  });
  const stopWatching = failRunOnSignal(stack, manifest.project, progress);
  try {
    await failAbandonedRuns(stack.storage, manifest.project, progress);
    const manifestFile = join(bundleDir, MANIFEST_FILE);
    await checkBaseline(storeOfStack(stack), manifest, manifestFile, (m) =>
      progress.step(`warning: ${m}`),
    );
    const view = await runUnlessRunBefore(stack, bundleDir, manifest, progress);
    console.log(describeRun(view));
    if (view.status !== 'succeeded') process.exitCode = 1;
  } finally {
    stopWatching();
    await stack.close();
  }
}

async function runUnlessRunBefore(
  stack: LocalStack,
  dir: string,
  manifest: Manifest,
  progress: Progress,
): Promise<RunView> {
  const { project, modelVersion } = manifest;
  const earlier = await earlierRunOfManifest(stack.storage, dir, manifest);
  if (earlier === undefined) return runInStack(stack, dir, progress);
  const { s3, bucket } = stack.storage;
  if (!earlier.manifestIsStored) {
    // Another upload of this version came since: what this run analysed is
    // no longer under the prefix, so whether the data changed is unknown.
    throw new CliError(
      `this manifest.json already ran as run ${earlier.run.runId}, and another ` +
        `upload of ${project} ${modelVersion} came after it, so it would start ` +
        `nothing and its data cannot be compared. ${FRESH_RUN_HINT}`,
    );
  }
  const changed = await changedBundleFiles({ s3, bucket, dir, manifest });
  if (changed.length > 0) {
    throw new CliError(
      `${namedFiles(changed)} changed since run ${earlier.run.runId}, but ` +
        'manifest.json is byte for byte the one that run started from, so ' +
        `nothing would run. ${FRESH_RUN_HINT}`,
    );
  }

  const store = storeOfStack(stack);
  const latest = await loadRunView(store, project, modelVersion);
  progress.step(`nothing uploaded: ${alreadyRunNote(earlier.run.runId, latest)}`);

  return latest.runId === earlier.run.runId ? latest : runViewOf(store, earlier.run);
}

/** At most five file names, then how many more. */
function namedFiles(files: readonly string[]): string {
  const shown = files.slice(0, 5).join(', ');

  return files.length > 5 ? `${shown} and ${files.length - 5} more files` : shown;
}

/**
 * The run this manifest.json already started in the local stack, if any. The
 * local bucket keeps no versions, so an upload of the same bytes gets the
 * same ETag (their MD5), hence the same run id, and would start nothing.
 * `manifestIsStored`: whether the stored manifest is still this one.
 */
async function earlierRunOfManifest(
  storage: LocalStorage,
  dir: string,
  manifest: Manifest,
): Promise<{ run: RunRecord; manifestIsStored: boolean } | undefined> {
  const { s3, bucket } = storage;
  const prefix = s3Keys.evaluationPrefix(manifest.project, manifest.modelVersion);
  const manifestKey = prefix + MANIFEST_FILE;
  const local = await readFile(join(dir, MANIFEST_FILE));
  const etag = createHash('md5').update(local).digest('hex');
  const runId = runIdFor({ bucket, key: manifestKey, etag });
  const run = await getRun(storage.ddb, storage.table, manifest.project, runId);
  if (run === undefined) return undefined;

  const stored = await getBytes(s3, bucket, manifestKey).catch((error: unknown) => {
    if (error instanceof S3ObjectMissingError) return undefined;
    throw error;
  });

  return { run, manifestIsStored: stored !== undefined && local.equals(stored) };
}

/** That this manifest already ran, which run is shown, and how to start a fresh one. */
function alreadyRunNote(runId: string, latest: RunView): string {
  const which =
    latest.runId === runId
      ? ' (shown below)'
      : ` (shown below); ${latest.modelVersion}'s latest run is ${latest.runId}, from ` +
        `another upload (aggressors runs ${JSON.stringify(latest.project)} lists both)`;

  return (
    `this manifest.json was already run, byte for byte, as run ${runId}${which}. ` +
    FRESH_RUN_HINT
  );
}
