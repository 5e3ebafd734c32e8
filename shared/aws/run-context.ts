/**
 * What the steps after Prepare need of the manifest, kept in
 * work/<runId>/run.json: the manifest sits under evaluations/, which only
 * Prepare may read, and the upload may change while the run goes on.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { parseJson } from '../bundle/json.ts';
import type { Manifest, ScoreKind, TaskKind } from '../bundle/types.ts';
import { zodIssueToError } from '../bundle/zod-issue.ts';
import { s3Keys } from './keys.ts';
import { getText, putJson } from './s3-io.ts';

export interface RunContext {
  project: string;
  modelVersion: string;
  task: TaskKind;
  classes?: string[];
  scores?: ScoreKind;
  /** Most pool samples the labeling queue may hold. */
  labelingBudget?: number;
  /** The model version saved tests compare against (manifest `baseline`). */
  baseline?: string;
}

const runContextSchema = z.object({
  project: z.string().min(1),
  modelVersion: z.string().min(1),
  task: z.enum(['classification', 'regression', 'custom']),
  classes: z.array(z.string()).optional(),
  scores: z.enum(['probabilities', 'logits']).optional(),
  labelingBudget: z.number().int().positive().optional(),
  baseline: z.string().min(1).optional(),
});

/** The manifest's fields that the later steps read. */
export function runContextOf(manifest: Manifest): RunContext {
  const context: RunContext = {
    project: manifest.project,
    modelVersion: manifest.modelVersion,
    task: manifest.task,
  };
  if (manifest.classes !== undefined) context.classes = manifest.classes;
  if (manifest.scores !== undefined) context.scores = manifest.scores;
  if (manifest.labelingBudget !== undefined) {
    context.labelingBudget = manifest.labelingBudget;
  }
  if (manifest.baseline !== undefined) context.baseline = manifest.baseline;

  return context;
}

export async function putRunContext(
  s3: S3Client,
  bucket: string,
  runId: string,
  context: RunContext,
): Promise<void> {
  await putJson(s3, bucket, s3Keys.runContext(runId), context);
}

/** Reads run.json back; a bad file is a BundleError naming file, field and value. */
export async function getRunContext(
  s3: S3Client,
  bucket: string,
  runId: string,
): Promise<RunContext> {
  const key = s3Keys.runContext(runId);
  const file = `s3://${bucket}/${key}`;
  const text = await getText(s3, bucket, key);

  const result = runContextSchema.safeParse(parseJson(text, file), {
    reportInput: true,
  });
  if (!result.success) throw zodIssueToError(result.error.issues[0]!, file, text);

  return result.data;
}
