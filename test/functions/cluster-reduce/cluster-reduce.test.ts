import { beforeEach, describe, expect, it } from 'vitest';
import { clusterStep } from '../../../functions/cluster-reduce/cluster-step.ts';
import { s3Keys } from '../../../shared/aws/keys.ts';
import type { ClusteringLoop, PipelineState } from '../../../shared/pipeline/types.ts';
import { testDeps } from '../../shared/aws/test-deps.ts';
import { BUCKET, RUN_ID, s3Store } from '../cluster-shard/s3-store.ts';

const store = s3Store();

const LOOP: ClusteringLoop = {
  k: 2,
  dimensions: 1,
  partitions: [0, 1],
  iteration: 0,
  maxIterations: 50,
  centroidsKey: s3Keys.clusterCentroids(RUN_ID, 0),
  converged: false,
  done: false,
  shift: null,
  inertia: null,
};

function state(loop: ClusteringLoop = LOOP): PipelineState {
  return {
    bucket: BUCKET,
    manifestKey: 'evaluations/toy/v1/manifest.json',
    runId: RUN_ID,
    uploadedAtEpochMs: 1,
    clustering: loop,
  };
}

function plan(maxIterations: number) {
  return JSON.stringify({
    k: 2,
    dimensions: 1,
    seed: 1,
    tolerance: 0.01,
    maxIterations,
    partitions: [['o0'], ['o1']],
  });
}

/** Partition 0: cluster 0 holds 1 and 3; partition 1: cluster 0 holds 2, cluster 1 holds 10 and 12. */
function partials(iteration: number) {
  const partial = (counts: number[], sums: number[], rows: number, inertia: number) =>
    JSON.stringify({ k: 2, dimensions: 1, rows, counts, sums, inertia, farthest: [] });
  store.objects.set(
    s3Keys.clusterPartial(RUN_ID, iteration, 0),
    partial([2, 0], [4, 0], 2, 2),
  );
  store.objects.set(
    s3Keys.clusterPartial(RUN_ID, iteration, 1),
    partial([1, 2], [2, 22], 3, 3),
  );
}

beforeEach(() => {
  store.reset();
  store.objects.set(s3Keys.clusteringPlan(RUN_ID), plan(50));
  store.objects.set(
    LOOP.centroidsKey,
    JSON.stringify({ iteration: 0, k: 2, dimensions: 1, centroids: [0, 10] }),
  );
  partials(0);
});

describe('Function: clusterStep, reduce', () => {
  it('writes the means of the merged partial sums as the next centroids and goes on', async () => {
    const { deps } = testDeps();

    const loop = await clusterStep({ step: 'reduce', state: state() }, deps);

    const key = s3Keys.clusterCentroids(RUN_ID, 1);
    expect(store.puts()).toEqual({
      [key]: {
        Bucket: BUCKET,
        Key: key,
        ContentType: 'application/json',
        Body: JSON.stringify({ iteration: 1, k: 2, dimensions: 1, centroids: [2, 11] }),
      },
    });
    expect(loop).toEqual({
      ...LOOP,
      iteration: 1,
      centroidsKey: key,
      converged: false,
      done: false,
      shift: 4,
      inertia: 5,
    });
  });

  it('says done when the centroids stopped moving', async () => {
    store.objects.set(
      LOOP.centroidsKey,
      JSON.stringify({ iteration: 0, k: 2, dimensions: 1, centroids: [2, 11.05] }),
    );
    const { deps } = testDeps();

    const loop = await clusterStep({ step: 'reduce', state: state() }, deps);

    expect(loop).toMatchObject({ converged: true, done: true, iteration: 1 });
  });

  it('says done, unconverged, at the plan’s iteration cap', async () => {
    store.objects.set(s3Keys.clusteringPlan(RUN_ID), plan(1));
    const { deps } = testDeps();

    const loop = await clusterStep({ step: 'reduce', state: state() }, deps);

    expect(loop).toMatchObject({ converged: false, done: true, iteration: 1 });
  });

  it('names the missing partial of a partition', async () => {
    store.objects.delete(s3Keys.clusterPartial(RUN_ID, 0, 1));
    const { deps } = testDeps();

    await expect(clusterStep({ step: 'reduce', state: state() }, deps)).rejects.toThrow(
      s3Keys.clusterPartial(RUN_ID, 0, 1),
    );
  });

  it('refuses to reduce without the loop state', async () => {
    const { deps } = testDeps();
    const { clustering: _loop, ...noLoop } = state();

    await expect(clusterStep({ step: 'reduce', state: noLoop }, deps)).rejects.toThrow(
      `run ${RUN_ID}: $.clustering must be set by ClusterInit, got nothing`,
    );
  });
});
