/**
 * Where things live: S3 keys under the bucket and DynamoDB keys in the one
 * table. Project and model version names are used verbatim in S3 keys (they
 * cannot hold '/') and URI-encoded inside DynamoDB keys, so a '#' in a name
 * can never collide with the key separators.
 */

export const EVALUATIONS_PREFIX = 'evaluations/';
export const MANIFEST_FILE = 'manifest.json';

export const s3Keys = {
  /** Folder of one upload: `evaluations/<project>/<modelVersion>/`. */
  evaluationPrefix: (project: string, modelVersion: string) =>
    `${EVALUATIONS_PREFIX}${project}/${modelVersion}/`,
  shard: (runId: string, index: number) =>
    `work/${runId}/shards/${String(index).padStart(5, '0')}.jsonl`,
  output: (runId: string, index: number) =>
    `work/${runId}/outputs/${String(index).padStart(5, '0')}.jsonl`,
  outputsPrefix: (runId: string) => `work/${runId}/outputs/`,
  /** The unlabeled pool: `{ id, input, metadata }` lines, for the labeling queue. */
  pool: (runId: string) => `work/${runId}/pool.jsonl`,
  poolShard: (runId: string, index: number) =>
    `work/${runId}/pool-shards/${String(index).padStart(5, '0')}.jsonl`,
  poolOutput: (runId: string, index: number) =>
    `work/${runId}/pool-outputs/${String(index).padStart(5, '0')}.jsonl`,
  poolOutputsPrefix: (runId: string) => `work/${runId}/pool-outputs/`,
  /** Everything a run writes while it runs; cleared when Prepare starts. */
  workPrefix: (runId: string) => `work/${runId}/`,
  /** The manifest's `inference` settings, for Infer to read (JSON). */
  inferenceSettings: (runId: string) => `work/${runId}/inference.json`,
  /** What later steps need of the manifest (task, classes, score kind): JSON. */
  runContext: (runId: string) => `work/${runId}/run.json`,
  /** Labels and metadata of the run's samples, one JSON line each. */
  samples: (runId: string) => `work/${runId}/samples.jsonl`,
  resultsPrefix: (project: string, modelVersion: string, runId: string) =>
    `results/${project}/${modelVersion}/${runId}/`,
  results: (project: string, modelVersion: string, runId: string) =>
    `results/${project}/${modelVersion}/${runId}/aggressors.json`,
  sampleScores: (project: string, modelVersion: string, runId: string) =>
    `results/${project}/${modelVersion}/${runId}/samples.jsonl`,
  /** An aggressor's mean heatmap (PNG). */
  heatmap: (
    project: string,
    modelVersion: string,
    runId: string,
    aggressorId: string,
  ) => `results/${project}/${modelVersion}/${runId}/heatmaps/${aggressorId}.png`,
  /** Pool samples to label, as a SageMaker Ground Truth input manifest. */
  labelingQueue: (project: string, modelVersion: string, runId: string) =>
    `results/${project}/${modelVersion}/${runId}/labeling-queue.manifest`,
};

const enc = encodeURIComponent;

export const tableKeys = {
  run: (project: string, runId: string) => ({
    pk: `PROJECT#${enc(project)}`,
    sk: `RUN#${runId}`,
  }),
  runsOfProject: (project: string) => ({
    pk: `PROJECT#${enc(project)}`,
    skPrefix: 'RUN#',
  }),
  aggressor: (runId: string, rank: number) => ({
    pk: `RUN#${runId}`,
    sk: `AGGRESSOR#${String(rank).padStart(4, '0')}`,
  }),
  aggressorsOfRun: (runId: string) => ({ pk: `RUN#${runId}`, skPrefix: 'AGGRESSOR#' }),
};

/** The table's key schema, shared by the CDK stack and the local stack. */
export const TABLE_KEY_SCHEMA = { partitionKey: 'pk', sortKey: 'sk' } as const;
