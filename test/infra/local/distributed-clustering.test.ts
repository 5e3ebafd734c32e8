import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInStack } from '../../../cli/commands/run.ts';
import { startLocalStack, type LocalStack } from '../../../infra/local/stack.ts';
import { getCentroids, readAssignments } from '../../../shared/aws/clustering-files.ts';
import { s3Keys } from '../../../shared/aws/keys.ts';
import { getJson, listKeys } from '../../../shared/aws/s3-io.ts';
import { DISTRIBUTED_LIMITS } from '../../../shared/analysis/distributed/limits.ts';
import { kmeans } from '../../../shared/analysis/kmeans.ts';
import { silentLogger } from '../../../shared/logger.ts';
import { gaussian } from '../../shared/analysis/planted.ts';
import { seededRandom } from '../../../shared/analysis/random.ts';

/** 1,300 samples: three output files of 500, 500 and 300 (Prepare's shard size). */
const TOTAL = 1300;
const DIMENSIONS = 4;

/** A planted group far from four ordinary groups, where the model is wrong. */
function samples() {
  const random = seededRandom(21);
  return Array.from({ length: TOTAL }, (_, i) => {
    const planted = i % 9 === 4;
    const centre = planted ? [8, 8, 0, 0] : [0, 0, (i % 4) * 3, ((i >> 2) % 2) * 3];
    return {
      id: `s-${String(i).padStart(4, '0')}`,
      label: 'ok',
      metadata: { planted },
      embedding: centre.map((c) => Number((c + 0.5 * gaussian(random)).toFixed(6))),
      scores: planted ? [0.2, 0.8] : [0.9, 0.1],
    };
  });
}

async function writeBundle(root: string, modelVersion: string): Promise<string> {
  const dir = await mkdtemp(join(root, 'bundle-'));
  const manifest = {
    schemaVersion: 1,
    project: 'distributed',
    modelVersion,
    task: 'classification',
    classes: ['ok', 'bad'],
    scores: 'probabilities',
    samples: 'samples.jsonl',
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const lines = samples().map((s) => JSON.stringify(s));
  await writeFile(join(dir, 'samples.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

describe('Local stack: clustering as map-reduce over the output files', () => {
  let root: string;
  let stack: LocalStack;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'aggressors-distributed-'));
    await mkdir(join(root, 'state'));
    stack = await startLocalStack({
      stateDir: join(root, 'state'),
      fresh: true,
      logger: silentLogger,
      clusteringPath: 'distributed',
    });
  });

  afterAll(async () => {
    await stack?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('ends with the assignments and centroids of single-node k-means from the same start, and finds the planted group', async () => {
    const dir = await writeBundle(root, 'v1');
    const { s3, bucket } = stack.storage;

    const view = await runInStack(stack, dir, {
      step: () => undefined,
      logger: silentLogger,
    });

    expect(view.status).toBe('succeeded');
    const runId = view.runId as string;
    const centroidKeys = await listKeys(
      s3,
      bucket,
      `work/${runId}/clustering/centroids/`,
    );
    const start = await getCentroids(s3, bucket, s3Keys.clusterCentroids(runId, 0));
    const final = await getCentroids(s3, bucket, centroidKeys.at(-1) as string);
    const partitions = await listKeys(
      s3,
      bucket,
      `work/${runId}/clustering/assignments/`,
    );
    const members = await readAssignments(s3, bucket, runId, partitions.length);
    const all = samples();
    const single = kmeans(
      Float32Array.from(all.flatMap((s) => s.embedding)),
      DIMENSIONS,
      {
        k: start.k,
        seed: 1,
        maxIterations: DISTRIBUTED_LIMITS.maxIterations,
        tolerance: 1e-6,
      },
      Float64Array.from(start.centroids),
    );

    expect(partitions).toHaveLength(3);
    expect(single.iterations).toBeGreaterThan(1);
    expect(final.iteration).toBe(single.iterations);
    expect(all.map((s) => members.get(s.id)?.cluster)).toEqual([...single.assignments]);
    final.centroids.forEach((value, j) =>
      expect(Math.abs(value - (single.centroids[j] as number))).toBeLessThan(1e-9),
    );
    const results = await getJson<{ clustering: { method: string; k: number } }>(
      s3,
      bucket,
      s3Keys.results('distributed', 'v1', runId),
    );
    expect(results.clustering).toMatchObject({ method: 'embedding', k: start.k });
    const planted = new Set(all.filter((s) => s.metadata.planted).map((s) => s.id));
    const top = view.aggressors[0];
    expect(planted.size).toBe(144);
    expect(top?.sampleIds.filter((id) => planted.has(id))).toHaveLength(planted.size);
    expect(top?.size).toBe(planted.size);
  });
});
