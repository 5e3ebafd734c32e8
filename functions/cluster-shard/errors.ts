/**
 * A distributed clustering step was given a state or input it cannot work
 * from: the field and the value found are named.
 */
export class ClusteringStateError extends Error {
  override name = 'ClusteringStateError';

  constructor(
    readonly runId: string,
    readonly field: string,
    value: unknown,
    needed: string,
  ) {
    super(
      `run ${runId}: ${field} must be ${needed}, got ${JSON.stringify(value) ?? 'nothing'}`,
    );
  }
}
