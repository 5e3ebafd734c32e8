/**
 * The run's labeling queue: the pool's embeddings (inferred or precomputed)
 * set against the aggressors, written as a SageMaker Ground Truth input
 * manifest: one JSON object a line, `source-ref` for an object in S3,
 * `source` for inline data, with the pool sample and aggressor ids beside.
 */
import type { PipelineDeps } from '../../shared/aws/deps.ts';
import { s3Keys } from '../../shared/aws/keys.ts';
import { putLines } from '../../shared/aws/s3-io.ts';
import {
  DEFAULT_LABELING_BUDGET,
  labelingQueue,
  type QueuedSample,
} from '../../shared/analysis/labeling-queue.ts';
import { DimensionMismatchError } from '../../shared/analysis/errors.ts';
import type { RunAnalysis, SampleOutput } from '../../shared/analysis/types.ts';
import type { Prepared } from '../../shared/pipeline/types.ts';
import type { PoolLine } from './line-schemas.ts';
import { readPoolLines, readRunOutputs } from './run-lines.ts';

export interface LabelingQueueResult {
  key: string;
  budget: number;
  queue: QueuedSample[];
}

/** The evaluation samples' embeddings: each id's row of the run's matrix. */
export interface EvaluationEmbeddings {
  dimensions: number;
  rowOf(id: string): Float32Array | undefined;
}

export async function writeLabelingQueue(
  prepared: Prepared,
  evaluation: EvaluationEmbeddings,
  analysis: RunAnalysis,
  budget: number | undefined,
  deps: PipelineDeps,
): Promise<LabelingQueueResult | undefined> {
  if (prepared.poolCount === 0) return undefined;

  const { bucket, runId, project, modelVersion } = prepared;
  const poolOutputs = await readRunOutputs(deps.s3, bucket, runId, 'pool');
  const queue = queueOf(
    evaluation,
    poolOutputs,
    analysis,
    budget ?? DEFAULT_LABELING_BUDGET,
  );
  const lines = await readPoolLines(deps.s3, bucket, runId);
  const key = s3Keys.labelingQueue(project, modelVersion, runId);
  await putLines(deps.s3, bucket, key, groundTruthLines(queue, lines));

  return { key, budget: budget ?? DEFAULT_LABELING_BUDGET, queue };
}

function queueOf(
  evaluation: EvaluationEmbeddings,
  poolOutputs: readonly SampleOutput[],
  analysis: RunAnalysis,
  budget: number,
): QueuedSample[] {
  const lossOf = memberLosses(analysis);
  const usablePool = poolOutputs.filter(
    (o) => o.error === undefined && o.embedding?.every(Number.isFinite),
  );
  const dimensions = evaluation.dimensions;
  if (usablePool.length === 0 || analysis.aggressors.length === 0) return [];
  const odd = usablePool.find((o) => o.embedding?.length !== dimensions);
  if (odd)
    throw new DimensionMismatchError(
      `pool/${odd.id}`,
      dimensions,
      odd.embedding?.length ?? 0,
    );

  const memberCount = analysis.aggressors.reduce(
    (sum, a) => sum + a.sampleIds.length,
    0,
  );
  const members = new Float32Array(memberCount * dimensions);
  let next = 0;
  const aggressors = analysis.aggressors.map((aggressor) => {
    const memberRows = aggressor.sampleIds.map((id) => {
      const row = evaluation.rowOf(id);
      if (row !== undefined) members.set(row, next * dimensions);
      return next++;
    });
    const excessLoss = aggressor.sampleIds.reduce(
      (sum, id) => sum + Math.max(0, (lossOf.get(id) ?? 0) - analysis.overall.meanLoss),
      0,
    );
    return { id: aggressor.id, memberRows, excessLoss };
  });

  return labelingQueue({
    dimensions,
    evaluation: members,
    aggressors,
    pool: {
      ids: usablePool.map((o) => o.id),
      embeddings: Float32Array.from(usablePool.flatMap((o) => o.embedding as number[])),
    },
    budget,
  });
}

/** Each aggressor member's loss, by id: one walk over the per-sample results. */
function memberLosses(analysis: RunAnalysis): Map<string, number> {
  const members = new Set(analysis.aggressors.flatMap((a) => a.sampleIds));
  const losses = new Map<string, number>();
  for (const result of analysis.perSample) {
    if (members.has(result.id)) losses.set(result.id, result.loss);
  }

  return losses;
}

/**
 * Ground Truth's input manifest: `source-ref` for S3 objects, `source`
 * otherwise: inline text, a non-string input as its JSON, and for a pool
 * sample with no input (precomputed embeddings) its id, which the labelers'
 * tool can look up; never the text "null".
 */
export function groundTruthLines(
  queue: readonly QueuedSample[],
  pool: readonly PoolLine[],
): Array<Record<string, unknown>> {
  const inputOf = new Map(pool.map((line) => [line.id, line.input]));

  return queue.map(({ id, aggressorId, distance }) => {
    const input = inputOf.get(id);
    const data =
      typeof input === 'string' && input.startsWith('s3://')
        ? { 'source-ref': input }
        : { source: sourceOf(id, input) };
    return { ...data, 'sample-id': id, 'aggressor-id': aggressorId, distance };
  });
}

function sourceOf(id: string, input: unknown): string {
  if (typeof input === 'string') return input;

  return input === undefined || input === null ? id : JSON.stringify(input);
}
