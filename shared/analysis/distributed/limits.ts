/**
 * The sizes that decide and bound the distributed clustering path. Why each
 * value: docs/architecture.md, "Past one Lambda".
 */
export const DISTRIBUTED_LIMITS = {
  /**
   * Largest embedding matrix (n x d float32 bytes) clustered in one Lambda:
   * 384 MiB (1M x 64 fits, 1M x 128 does not). Above it, clustering runs as
   * map-reduce over the output files.
   */
  singleNodeMaxEmbeddingBytes: 384 * 1024 * 1024,
  /**
   * Embedding width assumed when Prepare cannot see it (the endpoint has not
   * run yet): 1,024, wider than most text and image embeddings.
   */
  assumedDimensions: 1024,
  /** Most Map items per clustering pass: bounds the events of each iteration. */
  maxPartitions: 16,
  /** Most Lloyd iterations of the loop: bounds the execution's history. */
  maxIterations: 50,
  /** Output files read for the seeded k-means++ start. */
  initSampleFiles: 8,
  /** Rows at most kept of those files for the start. */
  initSampleRows: 20_000,
} as const;
