/**
 * At-least-once delivery through the embedded stack: the same upload
 * delivered twice, and Notify re-executed for the same run, leave one message
 * in the local sink.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInStack } from '../../../cli/commands/run.ts';
import { notify } from '../../../functions/notify/notify.ts';
import { startLocalStack, type LocalStack } from '../../../infra/local/stack.ts';
import { checkBlockKitLimits } from '../../../shared/alerts/block-kit-limits.ts';
import { listRuns } from '../../../shared/aws/runs.ts';
import { silentLogger } from '../../../shared/logger.ts';

const quiet = { step: () => undefined, logger: silentLogger };

/** A bundle whose run fails in Prepare: its endpoint is not hosted. */
async function failingBundle(root: string): Promise<string> {
  const dir = await mkdtemp(join(root, 'bundle-'));
  const manifest = {
    schemaVersion: 1,
    project: 'alerts',
    modelVersion: 'v1',
    task: 'classification',
    classes: ['ok', 'bad'],
    scores: 'probabilities',
    samples: 'samples.jsonl',
    inference: { endpoint: 'no-such-model' },
  };
  const samples = Array.from({ length: 5 }, (_, i) =>
    JSON.stringify({ id: `s${i}`, label: 'ok', metadata: {}, input: [i, i] }),
  );
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'samples.jsonl'), `${samples.join('\n')}\n`);

  return dir;
}

async function sinkLines(stack: LocalStack): Promise<unknown[]> {
  const text = await readFile(stack.alertsFile, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

describe('Local stack: one alert per run', () => {
  let root: string;
  let stack: LocalStack;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'aggressors-alerts-'));
    stack = await startLocalStack({
      stateDir: join(root, 'state'),
      fresh: true,
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await stack?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('records one Block Kit message when the same upload arrives twice', async () => {
    const dir = await failingBundle(root);

    const first = await runInStack(stack, dir, quiet);
    await runInStack(stack, dir, quiet);

    expect(first.status).toBe('failed');
    const messages = await sinkLines(stack);
    expect(messages).toHaveLength(1);
    expect(checkBlockKitLimits(messages[0])).toEqual([]);
    expect((messages[0] as { text: string }).text).toMatch(
      /^aggressors: alerts v1: the run failed: /,
    );
  });

  it('records nothing more when Notify runs again for the same run', async () => {
    const [run] = await listRuns(stack.storage.ddb, stack.storage.table, 'alerts');
    const state = {
      bucket: stack.storage.bucket,
      manifestKey: run!.manifestKey,
      runId: run!.runId,
      uploadedAtEpochMs: run!.uploadedAtEpochMs,
      failure: { Error: 'EndpointNotFound', Cause: 'retried step' },
    };

    const out = await notify(state, stack.deps);

    expect(out).toEqual({ status: 'failed', delivered: true });
    expect(await sinkLines(stack)).toHaveLength(1);
  });
});
