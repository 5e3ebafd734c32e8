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
  /** Distributed clustering: settings and partitions (JSON). */
  clusteringPlan: (runId: string) => `work/${runId}/clustering/plan.json`,
  /** Distributed clustering: the centroids after `iteration` Lloyd iterations. */
  clusterCentroids: (runId: string, iteration: number) =>
    `work/${runId}/clustering/centroids/${String(iteration).padStart(5, '0')}.json`,
  /** Distributed clustering: one partition's sums against an iteration's centroids. */
  clusterPartial: (runId: string, iteration: number, partition: number) =>
    `work/${runId}/clustering/partials/${String(iteration).padStart(5, '0')}/` +
    `${String(partition).padStart(5, '0')}.json`,
  /** Distributed clustering: `{ id, cluster, distance }` lines of one partition. */
  clusterAssignments: (runId: string, partition: number) =>
    `work/${runId}/clustering/assignments/${String(partition).padStart(5, '0')}.jsonl`,
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
  /** The run's self-contained HTML report (docs/report.md). */
  report: (project: string, modelVersion: string, runId: string) =>
    `results/${project}/${modelVersion}/${runId}/report.html`,
  /** Pool samples to label, as a SageMaker Ground Truth input manifest. */
  labelingQueue: (project: string, modelVersion: string, runId: string) =>
    `results/${project}/${modelVersion}/${runId}/labeling-queue.manifest`,
  /** The run's saved-test results and aggressor matching (docs/tracking.md). */
  testsResult: (project: string, modelVersion: string, runId: string) =>
    `results/${project}/${modelVersion}/${runId}/tests.json`,
  /** Each sample's metadata, kept past work/'s expiry for later rule tests. */
  sampleMetadata: (project: string, modelVersion: string, runId: string) =>
    `results/${project}/${modelVersion}/${runId}/metadata.jsonl`,
  /** The project's saved aggressor tests: `tests/<project>/<name>.json`. */
  testsPrefix: (project: string) => `${TESTS_PREFIX}${project}/`,
  testDefinition: (project: string, name: string) =>
    `${TESTS_PREFIX}${project}/${name}${TEST_FILE_SUFFIX}`,
  /** A region test's reference embeddings (float32 `.npy`). */
  testReference: (project: string, name: string) =>
    `${TESTS_PREFIX}${project}/${name}.reference.npy`,
};

export const TESTS_PREFIX = 'tests/';
export const TEST_FILE_SUFFIX = '.json';

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
  /** One alert's delivery to one destination (slack, webhook, local): at most once posted. */
  alertDelivery: (runId: string, deliveryId: string, destination: string) => ({
    pk: `RUN#${runId}`,
    sk: `DELIVERY#${deliveryId}#${destination}`,
  }),
  /** One saved test's result in one run; sorted by upload time. */
  testResult: (
    project: string,
    name: string,
    uploadedAtEpochMs: number,
    runId: string,
  ) => ({
    pk: `TEST#${enc(project)}#${enc(name)}`,
    sk: `RESULT#${String(uploadedAtEpochMs).padStart(15, '0')}#${runId}`,
  }),
  testHistory: (project: string, name: string) => ({
    pk: `TEST#${enc(project)}#${enc(name)}`,
    skPrefix: 'RESULT#',
  }),
};

/** The table's key schema, shared by the CDK stack and the local stack. */
export const TABLE_KEY_SCHEMA = { partitionKey: 'pk', sortKey: 'sk' } as const;
