/**
 * What test evaluation reads of a run, from the bucket: each sample's loss
 * and correctness (results/…/samples.jsonl), its metadata (results/…/
 * metadata.jsonl, which RunTests keeps past work/'s expiry, else work/) and,
 * for region tests, its embeddings (work/ only).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { parseJsonLine } from '../bundle/json-line.ts';
import type { MetadataValue } from '../bundle/types.ts';
import type { TrackedRun, TrackedSample } from '../tracking/tracked-run.ts';
import { S3ObjectMissingError } from './errors.ts';
import { s3Keys } from './keys.ts';
import { getLines, listKeys, putLines } from './s3-io.ts';

export interface RunIdentity {
  project: string;
  modelVersion: string;
  runId: string;
}

const metadataValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const metadataLine = z.object({
  id: z.string(),
  metadata: z.record(z.string(), metadataValue).default({}),
});
const scoreLine = z.union([
  z.object({ id: z.string(), loss: z.number(), correct: z.boolean().nullable() }),
  z.object({ id: z.string(), error: z.string() }),
]);
const embeddingLine = z.object({
  id: z.string(),
  embedding: z.array(z.number().nullable()).optional(),
});

type Metadata = Record<string, MetadataValue>;

/**
 * The run's samples with losses and, when still available, metadata. Given
 * `metadata` (what `keepRunMetadata` returned), no metadata file is read.
 */
export async function readTrackedRun(
  s3: S3Client,
  bucket: string,
  run: RunIdentity,
  metadata?: ReadonlyMap<string, Metadata>,
): Promise<TrackedRun> {
  const scores = await readLines(
    s3,
    bucket,
    s3Keys.sampleScores(run.project, run.modelVersion, run.runId),
    scoreLine,
  );
  metadata ??= await readMetadata(s3, bucket, run);

  const samples = scores.map((line): TrackedSample => {
    const scored = 'loss' in line;
    return {
      id: line.id,
      loss: scored ? line.loss : null,
      correct: scored ? line.correct : null,
      ...(metadata && { metadata: metadata.get(line.id) ?? {} }),
    };
  });

  return {
    runId: run.runId,
    modelVersion: run.modelVersion,
    samples,
    hasMetadata: metadata !== undefined,
  };
}

/**
 * Copies the run's metadata from work/ to results/ (metadata.jsonl), so a
 * later run can still evaluate rule tests on it; returns it by sample id.
 */
export async function keepRunMetadata(
  s3: S3Client,
  bucket: string,
  run: RunIdentity,
): Promise<Map<string, Metadata>> {
  const lines = await readLines(s3, bucket, s3Keys.samples(run.runId), metadataLine);
  const key = s3Keys.sampleMetadata(run.project, run.modelVersion, run.runId);
  await putLines(
    s3,
    bucket,
    key,
    lines.map(({ id, metadata }) => ({ id, metadata })),
  );

  return new Map(lines.map(({ id, metadata }) => [id, metadata]));
}

/** Metadata by sample id: results/ first, else work/; undefined when neither is there. */
async function readMetadata(
  s3: S3Client,
  bucket: string,
  run: RunIdentity,
): Promise<Map<string, Metadata> | undefined> {
  const keys = [
    s3Keys.sampleMetadata(run.project, run.modelVersion, run.runId),
    s3Keys.samples(run.runId),
  ];
  for (const key of keys) {
    try {
      const lines = await readLines(s3, bucket, key, metadataLine);
      return new Map(lines.map(({ id, metadata }) => [id, metadata]));
    } catch (error) {
      if (!(error instanceof S3ObjectMissingError)) throw error;
    }
  }

  return undefined;
}

/**
 * The run's embeddings by sample id, from its outputs under work/ (which
 * expire); samples without a finite embedding are left out.
 */
export async function readRunEmbeddings(
  s3: S3Client,
  bucket: string,
  runId: string,
): Promise<Map<string, Float32Array>> {
  const embeddings = new Map<string, Float32Array>();
  for (const key of await listKeys(s3, bucket, s3Keys.outputsPrefix(runId))) {
    for (const { id, embedding } of await readLines(s3, bucket, key, embeddingLine)) {
      if (embedding === undefined || embedding.some((v) => v === null)) continue;
      embeddings.set(id, Float32Array.from(embedding as number[]));
    }
  }

  return embeddings;
}

/** Parses each non-blank line; an error names the file, line, field and value. */
async function readLines<T>(
  s3: S3Client,
  bucket: string,
  key: string,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const file = `s3://${bucket}/${key}`;
  const values: T[] = [];
  let line = 0;

  for await (const text of getLines(s3, bucket, key)) {
    line += 1;
    if (text.trim() === '') continue;
    values.push(parseJsonLine(schema, text, file, line));
  }

  return values;
}
