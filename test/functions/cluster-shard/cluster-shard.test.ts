import { beforeEach, describe, expect, it } from 'vitest';
import { clusterShard } from '../../../functions/cluster-shard/cluster-shard.ts';
import { ClusteringStateError } from '../../../functions/cluster-shard/errors.ts';
import { s3Keys } from '../../../shared/aws/keys.ts';
import { BundleError } from '../../../shared/bundle/errors.ts';
import type { ClusterShardInput } from '../../../shared/pipeline/types.ts';
import { testDeps } from '../../shared/aws/test-deps.ts';
import { BUCKET, jsonLines, RUN_ID, s3Store } from './s3-store.ts';

const store = s3Store();
const OUTPUTS = [0, 1, 2].map((i) => s3Keys.output(RUN_ID, i));
const CENTROIDS_KEY = s3Keys.clusterCentroids(RUN_ID, 1);

function input(overrides: Partial<ClusterShardInput> = {}): ClusterShardInput {
  return {
    bucket: BUCKET,
    runId: RUN_ID,
    step: 'partial',
    partition: 0,
    iteration: 1,
    centroidsKey: CENTROIDS_KEY,
    ...overrides,
  };
}

beforeEach(() => {
  store.reset();
  store.objects.set(
    s3Keys.clusteringPlan(RUN_ID),
    JSON.stringify({
      k: 2,
      dimensions: 2,
      seed: 1,
      tolerance: 1e-6,
      maxIterations: 50,
      partitions: [[OUTPUTS[0], OUTPUTS[1]], [OUTPUTS[2]]],
    }),
  );
  store.objects.set(
    CENTROIDS_KEY,
    JSON.stringify({ iteration: 1, k: 2, dimensions: 2, centroids: [0, 0, 10, 0] }),
  );
  store.objects.set(
    OUTPUTS[0]!,
    jsonLines([
      { id: 'a', embedding: [1, 0], loss: 0.1 },
      { id: 'failed', error: 'HTTP 400' },
      { id: 'nan', embedding: [null, 1], loss: 0.3 },
      { id: 'b', embedding: [9, 0], loss: 0.2 },
    ]),
  );
  store.objects.set(OUTPUTS[1]!, jsonLines([{ id: 'c', embedding: [0, 2] }]));
  store.objects.set(
    OUTPUTS[2]!,
    jsonLines([
      { id: 'd', embedding: [12, 0] },
      { id: 'e', embedding: [3, 0] },
    ]),
  );
});

describe('Function: clusterShard', () => {
  it('writes the partial sums of its partition, skipping failed and quarantined samples', async () => {
    const { deps } = testDeps();

    const output = await clusterShard(input(), deps);

    const key = s3Keys.clusterPartial(RUN_ID, 1, 0);
    expect(output).toEqual({ partition: 0, rows: 3, key });
    expect(store.puts()).toEqual({
      [key]: {
        Bucket: BUCKET,
        Key: key,
        ContentType: 'application/json',
        Body: JSON.stringify({
          k: 2,
          dimensions: 2,
          rows: 3,
          counts: [2, 1],
          sums: [1, 2, 9, 0],
          inertia: 1 + 1 + 4,
          farthest: [
            { distance: 4, partition: 0, row: 2, cluster: 0, vector: [0, 2] },
            { distance: 1, partition: 0, row: 0, cluster: 0, vector: [1, 0] },
            { distance: 1, partition: 0, row: 1, cluster: 1, vector: [9, 0] },
          ],
        }),
      },
    });
  });

  it('writes each sample of its partition with its final cluster and squared distance', async () => {
    const { deps, logs } = testDeps();

    const output = await clusterShard(input({ step: 'assign', partition: 1 }), deps);

    const key = s3Keys.clusterAssignments(RUN_ID, 1);
    expect(output).toEqual({ partition: 1, rows: 2, key });
    expect(store.puts()).toEqual({
      [key]: {
        Bucket: BUCKET,
        Key: key,
        ContentType: 'application/x-ndjson',
        Body: jsonLines([
          { id: 'd', cluster: 1, distance: 4 },
          { id: 'e', cluster: 0, distance: 9 },
        ]),
      },
    });
    expect(logs).toContainEqual({
      level: 'info',
      message: 'cluster shard done',
      fields: {
        runId: RUN_ID,
        step: 'assign',
        partition: 1,
        iteration: 1,
        files: 1,
        rows: 2,
      },
    });
  });

  it('names a partition the plan does not have', async () => {
    const { deps } = testDeps();

    const result = clusterShard(input({ partition: 2 }), deps);

    await expect(result).rejects.toThrow(ClusteringStateError);
    await expect(clusterShard(input({ partition: 2 }), deps)).rejects.toThrow(
      `run ${RUN_ID}: partition must be a partition from 0 to 1, got 2`,
    );
  });

  it('refuses centroids of another k than planned', async () => {
    store.objects.set(
      CENTROIDS_KEY,
      JSON.stringify({ iteration: 1, k: 1, dimensions: 2, centroids: [0, 0] }),
    );
    const { deps } = testDeps();

    await expect(clusterShard(input(), deps)).rejects.toThrow(
      /centroids must be k = 2/,
    );
  });

  it('names the file, line and field of an embedding of another width', async () => {
    store.objects.set(OUTPUTS[1]!, jsonLines([{ id: 'w', embedding: [1, 2, 3] }]));
    const { deps } = testDeps();

    const error = await clusterShard(input(), deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).toRecord()).toEqual({
      message: `s3://${BUCKET}/${OUTPUTS[1]} line 1, field "embedding": expected 2 dimensions, got 3`,
      file: `s3://${BUCKET}/${OUTPUTS[1]}`,
      line: 1,
      field: 'embedding',
      value: '3',
    });
  });
});
