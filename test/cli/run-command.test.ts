import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalStorage, type LocalStorage } from '../../infra/local/storage.ts';
import { createRun, listRuns, updateRun } from '../../shared/aws/runs.ts';
import { getText, listKeys } from '../../shared/aws/s3-io.ts';
import { runCli, withLocalHome } from './tests-cli-capture.ts';

const MANIFEST = {
  schemaVersion: 1,
  project: 'pets',
  modelVersion: 'v1',
  task: 'classification',
  classes: ['cat', 'dog'],
  scores: 'probabilities',
  samples: 'samples.jsonl',
};
const STORED_SAMPLES = 'evaluations/pets/v1/samples.jsonl';

const sampleLine = (id: string, i: number) =>
  JSON.stringify({
    id,
    label: i % 2 ? 'dog' : 'cat',
    metadata: { lighting: i % 3 ? 'day' : 'night' },
    embedding: [Math.sin(i), Math.cos(i)],
    scores: i % 2 ? [0.3, 0.7] : [0.8, 0.2],
  });

const GOOD_SAMPLES = `${Array.from({ length: 12 }, (_, i) => sampleLine(`s${i}`, i)).join('\n')}\n`;

async function writeBundle(
  root: string,
  samples: string | Buffer,
  manifestText = JSON.stringify(MANIFEST),
): Promise<string> {
  const dir = await mkdtemp(join(root, 'bundle-'));
  await writeFile(join(dir, 'manifest.json'), manifestText);
  await writeFile(join(dir, 'samples.jsonl'), samples);

  return dir;
}

/** Opens the local state a command left, as `show` would, and closes it after. */
async function inState<T>(home: string, read: (s: LocalStorage) => Promise<T>) {
  const storage = await startLocalStorage({ stateDir: home });
  try {
    return await read(storage);
  } finally {
    await storage.close();
  }
}

/** The run id `run` printed first: "<project> <version>  run <id>  <status>". */
function shownRunId(stdout: string): string | undefined {
  return /^\S+ \S+ {2}run (\S+) /.exec(stdout)?.[1];
}

describe('Command: aggressors run', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'aggressors-run-'));
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('uploads nothing from a bundle with a duplicate id and keeps the earlier run shown', async () => {
    const good = await writeBundle(root, GOOD_SAMPLES);
    const bad = await writeBundle(root, `${GOOD_SAMPLES}${sampleLine('s3', 3)}\n`);

    await withLocalHome(async (home) => {
      const first = await runCli(['run', good]);
      const validated = await runCli(['validate', bad]);

      const out = await runCli(['run', bad]);

      expect(first.exitCode).toBeUndefined();
      expect(out.exitCode).toBe(1);
      expect(out.stderr).toBe(validated.stderr);
      expect(out.stderr).toBe(
        `aggressors: ${join(bad, 'samples.jsonl')} line 13, field "id": ` +
          'duplicate id "s3", already used on line 4\n',
      );
      const stored = await inState(home, async ({ s3, bucket, ddb, table }) => ({
        samples: await getText(s3, bucket, STORED_SAMPLES),
        runs: await listRuns(ddb, table, 'pets'),
      }));
      expect(stored.samples).toBe(GOOD_SAMPLES);
      expect(stored.runs.map((r) => r.status)).toEqual(['succeeded']);
      const show = await runCli(['show', 'pets', 'v1']);
      expect(shownRunId(show.stdout)).toBe(shownRunId(first.stdout));
    });
  });

  it('uploads nothing and starts no run when samples.jsonl is not UTF-8', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(GOOD_SAMPLES),
      Buffer.from(sampleLine('caf_', 12).replace('caf_', 'caf\u00e9'), 'latin1'),
    ]);
    const dir = await writeBundle(root, latin1);

    await withLocalHome(async (home) => {
      const out = await runCli(['run', dir]);

      expect(out.exitCode).toBe(1);
      expect(out.stderr).toMatch(
        new RegExp(
          `^aggressors: ${join(dir, 'samples.jsonl')} line 13: not valid UTF-8: ` +
            `byte 0xE9 at byte offset ${latin1.indexOf(0xe9)} of the file;`,
        ),
      );
      const stored = await inState(home, async ({ s3, bucket, ddb, table }) => ({
        keys: await listKeys(s3, bucket, ''),
        runs: await listRuns(ddb, table, 'pets'),
      }));
      expect(stored).toEqual({ keys: [], runs: [] });
    });
  });

  it('uploads nothing for a bundle that already ran, naming the run it shows', async () => {
    const dir = await writeBundle(root, GOOD_SAMPLES);

    await withLocalHome(async () => {
      const runId = shownRunId((await runCli(['run', dir])).stdout);

      const again = await runCli(['run', dir]);

      expect(runId).toBeDefined();
      expect(again.exitCode).toBeUndefined();
      expect(shownRunId(again.stdout)).toBe(runId);
      expect(again.stderr).toContain(
        `nothing uploaded: this manifest.json was already run, byte for byte, ` +
          `as run ${runId} (shown below). The local bucket keeps no versions, so ` +
          'the same manifest bytes make the same run id (docs/local.md); to start ' +
          'a fresh run, change modelVersion or any byte of manifest.json.',
      );
    });
  });

  it('fails, uploading nothing, when the data changed but the manifest did not', async () => {
    const dir = await writeBundle(root, GOOD_SAMPLES);

    await withLocalHome(async (home) => {
      const runId = shownRunId((await runCli(['run', dir])).stdout);
      await writeFile(join(dir, 'samples.jsonl'), sampleLine('only', 0));

      const again = await runCli(['run', dir]);

      expect(again.exitCode).toBe(1);
      expect(again.stderr).toContain(
        `samples.jsonl changed since run ${runId}, but manifest.json is byte for ` +
          'byte the one that run started from, so nothing would run. The local ' +
          'bucket keeps no versions',
      );
      const samples = await inState(home, ({ s3, bucket }) =>
        getText(s3, bucket, STORED_SAMPLES),
      );
      expect(samples).toBe(GOOD_SAMPLES);
    });
  });

  it('fails, uploading nothing, for a manifest that ran before another upload of its version', async () => {
    const a = await writeBundle(root, GOOD_SAMPLES);
    const b = await writeBundle(root, GOOD_SAMPLES, JSON.stringify(MANIFEST, null, 2));

    await withLocalHome(async (home) => {
      const runA = shownRunId((await runCli(['run', a])).stdout);
      const runB = shownRunId((await runCli(['run', b])).stdout);
      await writeFile(join(a, 'samples.jsonl'), sampleLine('only', 0));

      const again = await runCli(['run', a]);

      expect(runA).not.toBe(runB);
      expect(again.exitCode).toBe(1);
      expect(again.stderr).toContain(
        `this manifest.json already ran as run ${runA}, and another upload of pets v1 ` +
          'came after it, so it would start nothing and its data cannot be compared.',
      );
      const stored = await inState(home, async ({ s3, bucket }) => ({
        manifest: await getText(s3, bucket, 'evaluations/pets/v1/manifest.json'),
        samples: await getText(s3, bucket, STORED_SAMPLES),
      }));
      expect(stored).toEqual({
        manifest: JSON.stringify(MANIFEST, null, 2),
        samples: GOOD_SAMPLES,
      });
    });
  });

  it('marks runs a stopped process left unfinished failed and says how to run again', async () => {
    const dir = await writeBundle(root, GOOD_SAMPLES);

    await withLocalHome(async (home) => {
      const runId = shownRunId((await runCli(['run', dir])).stdout) ?? '';
      await inState(home, async ({ ddb, table }) => {
        await updateRun(ddb, table, 'pets', runId, { status: 'running' });
        await createRun(ddb, table, {
          project: 'pets',
          modelVersion: 'v0',
          runId: 'pets-v0-queued',
          status: 'queued',
          uploadedAtEpochMs: 1,
          manifestKey: 'evaluations/pets/v0/manifest.json',
        });
      });

      const again = await runCli(['run', dir]);

      expect(again.exitCode).toBe(1);
      const abandoned =
        'interrupted: the aggressors process running it stopped (killed or ' +
        'crashed) before the run ended';
      expect(again.stderr).toContain(
        `run ${runId} of pets v1 was running: marked failed (${abandoned})`,
      );
      expect(again.stderr).toContain(
        'run pets-v0-queued of pets v0 was queued: marked failed',
      );
      expect(again.stderr).toContain(
        'change modelVersion or any byte of manifest.json',
      );
      const show = await runCli(['show', 'pets', 'v1']);
      expect(show.stdout).toBe(`pets v1  run ${runId}  failed\nerror: ${abandoned}\n`);
    });
  });
});
