import { AnalysisParameterError } from '../errors.ts';
import { DISTRIBUTED_LIMITS } from './limits.ts';

/** Where a run's clustering happens. */
export type ClusteringPath = 'single-node' | 'distributed';

/** `auto` decides by size; the others force a path (tests, the local demo). */
export type ClusteringPathSetting = 'auto' | ClusteringPath;

export const CLUSTERING_PATH_SETTINGS: readonly ClusteringPathSetting[] = [
  'auto',
  'single-node',
  'distributed',
];

export interface ClusteringPlan {
  path: ClusteringPath;
  /** Embedding width, null when not known before inference. */
  dimensions: number | null;
  /** n x d x 4: the float32 embedding bytes the decision was made on. */
  embeddingBytes: number;
  reason: string;
}

export interface PlanInput {
  sampleCount: number;
  /** Null when the endpoint has yet to give the embeddings. */
  dimensions: number | null;
  setting?: ClusteringPathSetting;
  /** Default `DISTRIBUTED_LIMITS.singleNodeMaxEmbeddingBytes`. */
  singleNodeMaxEmbeddingBytes?: number;
}

/**
 * Single-node while the float32 embeddings (samples x dimensions x 4 bytes)
 * fit `singleNodeMaxEmbeddingBytes`, distributed above; a width not yet known
 * is taken as `DISTRIBUTED_LIMITS.assumedDimensions`. A setting other than
 * `auto` forces its path. docs/architecture.md, "Past one Lambda".
 */
export function planClustering(input: PlanInput): ClusteringPlan {
  const setting = checkedSetting(input.setting ?? 'auto');
  const limit = checkedLimit(
    input.singleNodeMaxEmbeddingBytes ?? DISTRIBUTED_LIMITS.singleNodeMaxEmbeddingBytes,
  );
  const width = input.dimensions ?? DISTRIBUTED_LIMITS.assumedDimensions;
  const embeddingBytes = input.sampleCount * width * 4;

  const size =
    `${input.sampleCount} samples x ${width} dimensions` +
    `${input.dimensions === null ? ' (assumed)' : ''} x 4 bytes = ${embeddingBytes}`;
  const path: ClusteringPath =
    setting === 'auto'
      ? embeddingBytes > limit
        ? 'distributed'
        : 'single-node'
      : setting;
  const why =
    setting === 'auto'
      ? `${size} ${path === 'distributed' ? '>' : '<='} ${limit} bytes`
      : `forced by the setting ${setting} (${size} bytes)`;

  return { path, dimensions: input.dimensions, embeddingBytes, reason: why };
}

function checkedSetting(setting: string): ClusteringPathSetting {
  if (!(CLUSTERING_PATH_SETTINGS as readonly string[]).includes(setting)) {
    throw new AnalysisParameterError(
      'clusteringPath',
      setting,
      CLUSTERING_PATH_SETTINGS.join(', ') + ' or nothing',
    );
  }

  return setting as ClusteringPathSetting;
}

function checkedLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new AnalysisParameterError(
      'singleNodeMaxEmbeddingBytes',
      limit,
      'a positive integer',
    );
  }

  return limit;
}

/**
 * Files split into at most `maxPartitions` contiguous runs of nearly equal
 * length (the first ones one longer), in order: one Map item each.
 */
export function partitionFiles<T>(files: readonly T[], maxPartitions: number): T[][] {
  if (!Number.isInteger(maxPartitions) || maxPartitions < 1) {
    throw new AnalysisParameterError('maxPartitions', maxPartitions, 'an integer >= 1');
  }

  const count = Math.min(files.length, maxPartitions);
  const base = Math.floor(files.length / Math.max(count, 1));
  const longer = files.length - base * count;
  const partitions: T[][] = [];
  let start = 0;
  for (let p = 0; p < count; p++) {
    const length = base + (p < longer ? 1 : 0);
    partitions.push(files.slice(start, start + length));
    start += length;
  }

  return partitions;
}
