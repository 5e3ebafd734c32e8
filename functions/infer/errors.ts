/** Errors that end an Infer task; every other problem is recorded per sample. */

/**
 * The endpoint does not exist: every call would fail, so the run stops. The
 * run record names the manifest and its `inference.endpoint` field.
 */
export class EndpointNotFoundError extends Error {
  override name = 'EndpointNotFoundError';

  constructor(
    readonly endpoint: string,
    readonly manifestUri = 'manifest.json',
    options?: { cause?: unknown },
  ) {
    super(
      `${manifestUri}, field "inference.endpoint": SageMaker endpoint ` +
        `"${endpoint}" was not found in this account and region`,
      options,
    );
  }

  /** The same error, naming the manifest the endpoint came from. */
  inManifest(manifestUri: string): EndpointNotFoundError {
    return new EndpointNotFoundError(this.endpoint, manifestUri, { cause: this.cause });
  }

  toRecord(): { message: string; file: string; field: string; value: string } {
    return {
      message: this.message,
      file: this.manifestUri,
      field: 'inference.endpoint',
      value: this.endpoint,
    };
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
