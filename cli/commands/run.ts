import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '../../shared/bundle/manifest.ts';
import { validateBundleDir } from '../../shared/bundle/validate.ts';
import { MANIFEST_FILE } from '../../shared/aws/keys.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { loadLocalEndpoints } from '../local-endpoints.ts';
import { resolveBundleDir } from '../bundle-dir.ts';
import { loadRunView, type RunView } from '../run-view.ts';
import { localAlertSettings, stateDir, type Store } from '../store.ts';
import { uploadBundle } from '../upload-bundle.ts';
import { describeRun } from './show.ts';
import { progressLogger, type Progress } from '../progress.ts';

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

/** Uploads a bundle into a running local stack and waits for its run. */
export async function runInStack(
  stack: LocalStack,
  dir: string,
  progress: Progress,
): Promise<RunView> {
  const manifest = await readBundleManifest(dir);
  const executionsBefore = stack.machine.executions.size;
  progress.step(`uploading ${dir} as ${manifest.project} ${manifest.modelVersion}`);
  await uploadBundle({
    s3: stack.storage.s3,
    bucket: stack.storage.bucket,
    dir,
    manifest,
  });
  await stack.settle();
  if (stack.machine.executions.size === executionsBefore) {
    progress.step(
      'this manifest.json was uploaded before, so no new run started (the local ' +
        'bucket keeps no versions; see docs/local.md): showing the earlier run. ' +
        'Change the model version or any byte of manifest.json to run again.',
    );
  }

  return loadRunView(storeOfStack(stack), manifest.project, manifest.modelVersion);
}

/**
 * `aggressors run`: checks the whole bundle as `validate` does, then uploads
 * it into the local stack and waits for its run. An invalid bundle uploads
 * nothing.
 */
export async function runCommand(
  dir: string,
  options: { verbose?: boolean },
): Promise<void> {
  const progress = progressLogger(options.verbose);
  const bundleDir = await resolveBundleDir(dir);
  await validateBundleDir(bundleDir);
  const stack = await startLocalStack({
    stateDir: stateDir(),
    endpoints: await loadLocalEndpoints(stateDir()),
    ...localAlertSettings(),
    logger: progress.logger,
    onStateEntered: (_, state) => progress.step(`state ${state}`),
  });
  try {
    const view = await runInStack(stack, bundleDir, progress);
    console.log(describeRun(view));
    if (view.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await stack.close();
  }
}
