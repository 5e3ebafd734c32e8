import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStorage } from '../../infra/local/storage.ts';
import { listRuns } from '../../shared/aws/runs.ts';

const CLI = fileURLToPath(new URL('../../bin/aggressors.js', import.meta.url));
/** Enough samples that the pipeline is still busy well after Prepare starts. */
const SAMPLES = 30_000;

async function writeBigBundle(dir: string): Promise<void> {
  const manifest = {
    schemaVersion: 1,
    project: 'big',
    modelVersion: 'v1',
    task: 'classification',
    classes: ['ok', 'bad'],
    scores: 'probabilities',
    samples: 'samples.jsonl',
  };
  const lines = Array.from({ length: SAMPLES }, (_, i) =>
    JSON.stringify({
      id: `s${i}`,
      label: 'ok',
      metadata: { group: i % 10 === 0 ? 'a' : 'b' },
      embedding: Array.from({ length: 16 }, (_, d) => Math.sin(i * 7.1 + d)),
      scores: i % 10 === 0 ? [0.2, 0.8] : [0.9, 0.1],
    }),
  );
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'samples.jsonl'), `${lines.join('\n')}\n`);
}

/** Runs `aggressors run`, sends `signal` once the pipeline's first state is entered. */
async function interruptedRun(home: string, bundle: string, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [CLI, 'run', bundle], {
    env: { ...process.env, AGGRESSORS_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const first = !stderr.includes('state Prepare');
    stderr += chunk;
    if (first && stderr.includes('state Prepare')) child.kill(signal);
  });
  const [code] = (await once(child, 'exit')) as [number | null];

  return { code, stderr };
}

describe('Command: aggressors run, interrupted', () => {
  let root: string;
  let bundle: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'aggressors-interrupted-'));
    bundle = await mkdtemp(join(root, 'bundle-'));
    await writeBigBundle(bundle);
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'marks the run failed as interrupted on %s and exits with 128 + its number',
    async (signal) => {
      const home = await mkdtemp(join(root, 'home-'));

      const { code, stderr } = await interruptedRun(home, bundle, signal);

      expect(code).toBe(128 + constants.signals[signal]);
      expect(stderr).toContain(`${signal}: marking the run failed before stopping`);
      const storage = await startLocalStorage({ stateDir: home });
      try {
        const runs = await listRuns(storage.ddb, storage.table, 'big');
        expect(runs.map(({ status, error }) => ({ status, error }))).toEqual([
          {
            status: 'failed',
            error: {
              message: `interrupted: aggressors run received ${signal} before the run ended`,
            },
          },
        ]);
      } finally {
        await storage.close();
      }
    },
  );
});
