/**
 * The files of a distributed clustering run under work/<runId>/clustering/:
 * the plan, the centroids of each iteration, each partition's partial sums
 * per iteration and each partition's final assignments.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import {
  parseCentroidsDocument,
  parsePartialDocument,
  parsePlanDocument,
  partialDocument,
} from '../analysis/distributed/documents.ts';
import type {
  CentroidsDocument,
  ClusteringPlanDocument,
} from '../analysis/distributed/documents.ts';
import type {
  PrecomputedClustering,
  PrecomputedMember,
} from '../analysis/distributed/precomputed.ts';
import type { ShardPartial } from '../analysis/distributed/types.ts';
import { bundleError, quoteValue } from '../bundle/errors.ts';
import type { ClusteringLoop } from '../pipeline/types.ts';
import { parseJson } from '../bundle/json.ts';
import { s3Keys } from './keys.ts';
import { getLines, getText, putJson, putLines } from './s3-io.ts';

export interface AssignmentLine {
  id: string;
  cluster: number;
  /** Squared distance to the cluster's centroid. */
  distance: number;
}

const assignmentLineSchema = z.object({
  id: z.string().min(1),
  cluster: z.number().int().nonnegative(),
  distance: z.number().finite().nonnegative(),
});

export async function putClusteringPlan(
  s3: S3Client,
  bucket: string,
  runId: string,
  plan: ClusteringPlanDocument,
): Promise<void> {
  await putJson(s3, bucket, s3Keys.clusteringPlan(runId), plan);
}

export async function getClusteringPlan(
  s3: S3Client,
  bucket: string,
  runId: string,
): Promise<ClusteringPlanDocument> {
  const key = s3Keys.clusteringPlan(runId);

  return parsePlanDocument(await getText(s3, bucket, key), `s3://${bucket}/${key}`);
}

/** Writes the centroids after `doc.iteration` iterations; returns their key. */
export async function putCentroids(
  s3: S3Client,
  bucket: string,
  runId: string,
  doc: CentroidsDocument,
): Promise<string> {
  const key = s3Keys.clusterCentroids(runId, doc.iteration);
  await putJson(s3, bucket, key, doc);

  return key;
}

export async function getCentroids(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<CentroidsDocument> {
  return parseCentroidsDocument(
    await getText(s3, bucket, key),
    `s3://${bucket}/${key}`,
  );
}

export async function putPartial(
  s3: S3Client,
  bucket: string,
  key: string,
  partial: ShardPartial,
): Promise<void> {
  await putJson(s3, bucket, key, partialDocument(partial));
}

export async function getPartial(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<ShardPartial> {
  return parsePartialDocument(await getText(s3, bucket, key), `s3://${bucket}/${key}`);
}

export async function putAssignments(
  s3: S3Client,
  bucket: string,
  key: string,
  lines: AssignmentLine[],
): Promise<void> {
  await putLines(s3, bucket, key, lines);
}

/** Every partition's assignments by sample id; a sample twice is an error. */
export async function readAssignments(
  s3: S3Client,
  bucket: string,
  runId: string,
  partitions: number,
): Promise<Map<string, PrecomputedMember>> {
  const members = new Map<string, PrecomputedMember>();
  for (let partition = 0; partition < partitions; partition++) {
    const key = s3Keys.clusterAssignments(runId, partition);
    const file = `s3://${bucket}/${key}`;
    let line = 0;
    for await (const text of getLines(s3, bucket, key)) {
      line++;
      if (text.trim() === '') continue;
      const { id, cluster, distance } = assignmentLine(text, file, line);
      if (members.has(id)) {
        throw bundleError(
          { file, line, field: 'id' },
          `sample assigned twice, got ${quoteValue(id)}`,
          id,
        );
      }
      members.set(id, { cluster, distance });
    }
  }

  return members;
}

function assignmentLine(text: string, file: string, line: number): AssignmentLine {
  const result = assignmentLineSchema.safeParse(parseJson(text, file, line), {
    reportInput: true,
  });
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const problem = `${issue?.message ?? 'invalid line'}, got ${quoteValue(issue?.input)}`;
  throw bundleError({ file, line, field }, problem, issue?.input);
}

/** What the distributed loop found, for Analyze: final centroids and every assignment. */
export async function getPrecomputedClustering(
  s3: S3Client,
  bucket: string,
  runId: string,
  loop: ClusteringLoop,
): Promise<PrecomputedClustering> {
  const final = await getCentroids(s3, bucket, loop.centroidsKey);
  const members = await readAssignments(s3, bucket, runId, loop.partitions.length);
  const ending = loop.converged ? 'converged' : 'stopped at the iteration cap';

  return {
    k: final.k,
    dimensions: final.dimensions,
    centroids: Float64Array.from(final.centroids),
    members,
    converged: loop.converged,
    iterations: loop.iteration,
    reason:
      `distributed k-means over ${loop.partitions.length} partitions, k = ${final.k} ` +
      `by the rule on the run's samples, one seeded start; ${ending} after ` +
      `${loop.iteration} iterations`,
  };
}
