import { beforeEach, describe, expect, it } from 'vitest';
import { clusterStep } from '../../../functions/cluster-reduce/cluster-step.ts';
import { ClusteringStateError } from '../../../functions/cluster-shard/errors.ts';
import { s3Keys } from '../../../shared/aws/keys.ts';
import { kmeansPlusPlus } from '../../../shared/analysis/kmeans-plus-plus.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';
import type { PipelineState } from '../../../shared/pipeline/types.ts';
import { testDeps } from '../../shared/aws/test-deps.ts';
import { BUCKET, jsonLines, RUN_ID, s3Store } from '../cluster-shard/s3-store.ts';

const store = s3Store();
const OUTPUTS = [0, 1, 2].map((i) => s3Keys.output(RUN_ID, i));
/** 60 samples of 3-D points, 20 an output file, one failed. */
const ROWS = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 3) % 11, i % 2]);

const STATE: PipelineState = {
  bucket: BUCKET,
  manifestKey: 'evaluations/toy/v1/manifest.json',
  runId: RUN_ID,
  uploadedAtEpochMs: 1,
  prepared: {
    bucket: BUCKET,
    runId: RUN_ID,
    project: 'toy',
    modelVersion: 'v1',
    sampleCount: 60,
    poolCount: 0,
    needsInference: false,
    shards: [],
    clustering: {
      path: 'distributed',
      dimensions: 3,
      embeddingBytes: 720,
      reason: 'forced by the setting distributed',
    },
  },
};

beforeEach(() => {
  store.reset();
  store.objects.set(
    s3Keys.runContext(RUN_ID),
    JSON.stringify({
      project: 'toy',
      modelVersion: 'v1',
      task: 'classification',
      classes: ['ok', 'bad'],
    }),
  );
  OUTPUTS.forEach((key, f) =>
    store.objects.set(
      key,
      jsonLines(
        ROWS.slice(f * 20, (f + 1) * 20).map((embedding, i) =>
          f === 1 && i === 0
            ? { id: `s${f * 20 + i}`, error: 'HTTP 400' }
            : { id: `s${f * 20 + i}`, embedding },
        ),
      ),
    ),
  );
});

describe('Function: clusterStep, init', () => {
  it('writes the plan and a seeded k-means++ start, and returns the loop at iteration 0', async () => {
    const { deps } = testDeps();

    const loop = await clusterStep({ step: 'init', state: STATE }, deps);

    const clusterable = ROWS.filter((_, i) => i !== 20).flat();
    const start = kmeansPlusPlus(Float32Array.from(clusterable), 3, 4, seededRandom(1));
    const centroidsKey = s3Keys.clusterCentroids(RUN_ID, 0);
    expect(loop).toEqual({
      k: 4,
      dimensions: 3,
      partitions: [0, 1, 2],
      iteration: 0,
      maxIterations: 50,
      centroidsKey,
      converged: false,
      done: false,
      shift: null,
      inertia: null,
    });
    expect(store.puts()).toEqual({
      [s3Keys.clusteringPlan(RUN_ID)]: {
        Bucket: BUCKET,
        Key: s3Keys.clusteringPlan(RUN_ID),
        ContentType: 'application/json',
        Body: JSON.stringify({
          k: 4,
          dimensions: 3,
          seed: 1,
          tolerance: 1e-6,
          maxIterations: 50,
          partitions: OUTPUTS.map((key) => [key]),
        }),
      },
      [centroidsKey]: {
        Bucket: BUCKET,
        Key: centroidsKey,
        ContentType: 'application/json',
        Body: JSON.stringify({
          iteration: 0,
          k: 4,
          dimensions: 3,
          centroids: Array.from(start),
        }),
      },
    });
  });

  it('names the missing output files when the run has none', async () => {
    OUTPUTS.forEach((key) => store.objects.delete(key));
    const { deps } = testDeps();

    const error = await clusterStep({ step: 'init', state: STATE }, deps).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ClusteringStateError);
    expect((error as Error).message).toBe(
      `run ${RUN_ID}: outputs must be at least one output file, got 0`,
    );
  });

  it('refuses to start without the prepared state, and names an unknown step', async () => {
    const { deps } = testDeps();
    const { prepared: _prepared, ...unprepared } = STATE;

    await expect(
      clusterStep({ step: 'init', state: unprepared }, deps),
    ).rejects.toThrow(`run ${RUN_ID}: $.prepared must be set by Prepare, got nothing`);
    await expect(
      clusterStep({ step: 'merge' as never, state: STATE }, deps),
    ).rejects.toThrow(`run ${RUN_ID}: step must be 'init' or 'reduce', got "merge"`);
  });
});
