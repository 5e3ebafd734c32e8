/** Errors that end an Infer task; every other problem is recorded per sample. */

/** The endpoint does not exist: every call would fail, so the run stops. */
export class EndpointNotFoundError extends Error {
  override name = 'EndpointNotFoundError';

  constructor(
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(
      `SageMaker endpoint "${endpoint}" was not found: check manifest field ` +
        `"inference.endpoint" and the endpoint's region`,
      options,
    );
  }
}

/** A shard line that Prepare wrote cannot be read back. */
export class ShardFormatError extends Error {
  override name = 'ShardFormatError';

  constructor(
    readonly key: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${key} line ${line}: ${problem}`);
  }
}

/** The inference settings Prepare wrote for the run are not usable. */
export class InferenceSettingsError extends Error {
  override name = 'InferenceSettingsError';

  constructor(
    readonly key: string,
    readonly field: string,
    readonly value: unknown,
  ) {
    super(
      `${key}: field "${field}" must be a positive integer, got ${JSON.stringify(value)}`,
    );
  }
}
